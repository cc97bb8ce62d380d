import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, checkNode, checkSqlite } from './check-runtime.js';

describe('checkNode', () => {
  it('asks for the version package.json engines names', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
  });

  it('passes this Node and a newer one, fails an older one with how to upgrade', () => {
    expect(checkNode().status).toBe('ok');
    expect(checkNode('22.1.0')).toMatchObject({ status: 'ok', detail: 'v22.1.0 (needs >= 20)' });
    const old = checkNode('18.19.0');
    expect(old.status).toBe('fail');
    expect(old.detail).toContain('v18.19.0');
    expect(old.fix).toContain('Node.js 20 or newer');
  });
});

describe('checkSqlite', () => {
  it('loads better-sqlite3 and opens an in-memory database', () => {
    const check = checkSqlite();
    expect(check.status).toBe('ok');
    expect(check.detail).toMatch(/^loads; SQLite \d+\.\d+/);
  });

  it('a module built for another Node fails with the rebuild command', () => {
    const check = checkSqlite(() => {
      throw new Error(
        'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 108.',
      );
    });
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('npm rebuild better-sqlite3');
  });

  it('a missing module fails with a reinstall', () => {
    const check = checkSqlite(() => {
      throw new Error("Cannot find module 'better-sqlite3'");
    });
    expect(check).toMatchObject({ status: 'fail' });
    expect(check.fix).toContain('reinstall claude-hybrid');
  });
});
