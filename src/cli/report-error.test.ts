import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { namedError } from './report-error.js';

describe('namedError', () => {
  it('names a SQLite error that reached the top as the store error it is', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const file = join(dir, 'state.db');
      new Database(file).close();
      const readonly = new Database(file, { readonly: true });
      let thrown: unknown;
      try {
        readonly.exec('CREATE TABLE t (x)');
      } catch (error) {
        thrown = error;
      } finally {
        readonly.close();
      }
      expect(thrown).toMatchObject({ code: 'SQLITE_READONLY' });
      expect(namedError(thrown)).toMatchObject({ code: 'store.readonly', exitCode: 2 });
    } finally {
      cleanup();
    }
  });

  it('leaves named errors and anything else as they are', () => {
    const named = new HybridError('usage', 'bad flag');
    expect(namedError(named)).toBe(named);
    const other = new TypeError('x is not a function');
    expect(namedError(other)).toBe(other);
  });
});
