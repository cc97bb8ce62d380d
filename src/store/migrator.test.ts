import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import type { Migration } from './migrations.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { applyMigrations, assertMigrationsOrdered, readUserVersion } from './migrator.js';

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('MIGRATIONS', () => {
  it('is numbered 1..N and LATEST_SCHEMA_VERSION is N', () => {
    expect(() => {
      assertMigrationsOrdered(MIGRATIONS);
    }).not.toThrow();
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});

describe('applyMigrations', () => {
  it('applies pending migrations once and is a no-op afterwards', () => {
    const db = new Database(':memory:');
    expect(applyMigrations(db, MIGRATIONS)).toEqual({
      version: LATEST_SCHEMA_VERSION,
      applied: MIGRATIONS.map((migration) => migration.version),
    });
    expect(applyMigrations(db, MIGRATIONS)).toEqual({
      version: LATEST_SCHEMA_VERSION,
      applied: [],
    });
    db.close();
  });

  it('applies only the migrations newer than the database', () => {
    const db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS);
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'add-extra',
      up: 'CREATE TABLE extra (x INTEGER)',
    };
    expect(applyMigrations(db, [...MIGRATIONS, next]).applied).toEqual([next.version]);
    expect(readUserVersion(db)).toBe(next.version);
    expect(tableNames(db)).toContain('extra');
    db.close();
  });

  it('rolls a failed migration back completely, schema and version together', () => {
    const db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS);
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'half-done',
      up: 'CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    const error = thrownBy(() => applyMigrations(db, [...MIGRATIONS, broken]));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'store.migration_failed',
      message: expect.stringContaining('half-done') as unknown,
    });
    expect(readUserVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half');
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('refuses a misnumbered migration list before running anything', () => {
    const db = new Database(':memory:');
    const gap: Migration[] = [{ version: 2, name: 'skips-one', up: 'CREATE TABLE t (x)' }];
    expect(thrownBy(() => applyMigrations(db, gap))).toMatchObject({
      code: 'store.invalid_migrations',
    });
    expect(tableNames(db)).toEqual([]);
    db.close();
  });
});
