import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { catchError } from '../../test/support/catch-error.js';
import { makeReadOnly, modeOf } from '../../test/support/read-only.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from './index.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-store-file-');
});
afterEach(() => {
  temp.cleanup();
});

const event = { ts: 1_000, type: 'project.initialized', source: 'test', payload: { root: '/p' } };

describe('the state database file', () => {
  it('is created whole and owner-only: folder 0700, database, -wal and -shm 0600, no temp left', () => {
    const dir = join(temp.dir, 'project', '.claude-hybrid');
    const path = join(dir, 'state.db');
    const store = openStore({ path });
    try {
      store.events.appendBatch([event]);
      expect(modeOf(dir)).toBe(0o700);
      for (const name of readdirSync(dir))
        expect([name, modeOf(join(dir, name))]).toEqual([name, 0o600]);
      expect(readdirSync(dir).sort()).toEqual(['state.db', 'state.db-shm', 'state.db-wal']);
      expect(statSync(path).size).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('tightens an older install: a 0755 .claude-hybrid and a 0644 database', () => {
    const dir = join(temp.dir, '.claude-hybrid');
    const path = join(dir, 'state.db');
    openStore({ path }).close();
    chmodSync(dir, 0o755);
    chmodSync(path, 0o644);
    openStore({ path }).close();
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
  });

  it('never changes the modes of a folder that is not ours', () => {
    const dir = join(temp.dir, 'shared');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    openStore({ path: join(dir, 'library.db') }).close();
    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(join(dir, 'library.db'))).toBe(0o600);
  });

  it('refuses an empty (0-byte) database with store.empty and leaves it as it is', () => {
    const dir = join(temp.dir, '.claude-hybrid');
    mkdirSync(dir);
    const path = join(dir, 'state.db');
    writeFileSync(path, '');
    for (const readonly of [false, true]) {
      const error = catchError(StoreError, () => openStore({ path, readonly }));
      expect(error.code).toBe('store.empty');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(path);
      expect(error.hint).toMatch(/delete .*state\.db.*restore/);
    }
    expect(statSync(path).size).toBe(0);
    expect(readdirSync(dir)).toEqual(['state.db']);
  });

  it('refuses a database that cannot be written with store.readonly (exit 2)', (context) => {
    const path = join(temp.dir, '.claude-hybrid', 'state.db');
    openStore({ path }).close();
    const undo = makeReadOnly(path);
    if (undo === undefined) {
      context.skip();
      return;
    }
    try {
      const error = catchError(StoreError, () => openStore({ path }));
      expect(error.code).toBe('store.readonly');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(path);
      expect(error.hint).toMatch(/chmod u\+w/);
    } finally {
      undo();
    }
  });
});
