import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HybridError, UsageError } from '../errors.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { createColors } from './output.js';
import { namedError, reportError } from './report-error.js';

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

describe('reportError', () => {
  const report = (error: unknown): string => {
    let written = '';
    reportError(error, {
      stderr: { write: (chunk: string) => (written += chunk) },
      debug: false,
      colors: createColors(false),
    });
    return written;
  };

  it('calls only an error that is not ours a bug', () => {
    expect(report(new TypeError('x is undefined'))).toContain('error[internal]');
    expect(report(new TypeError('x is undefined'))).toContain('this is a bug in claude-hybrid');
    const usage = report(new UsageError('--scope must be one of a, b; got "c"'));
    expect(usage).not.toContain('bug');
    expect(usage).toContain("hint: see the command's --help");
    const coded = report(new HybridError('config.invalid', 'engine.provider is "x"'));
    expect(coded).not.toContain('bug');
    expect(coded).toContain('docs/errors.md');
    expect(report(new UsageError('bad', 'use --x'))).toContain('hint: use --x');
  });

  it('also writes the error as one JSON document to stdout when given one (--json)', () => {
    let stdout = '';
    let stderr = '';
    reportError(new UsageError('bad\nflag', 'use --x'), {
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdout: { write: (chunk: string) => (stdout += chunk) },
      debug: false,
      colors: createColors(false),
    });
    expect(stderr).toContain('error[usage]: bad flag');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'usage', message: 'bad flag', hint: 'use --x', exitCode: 2 },
    });
  });
});
