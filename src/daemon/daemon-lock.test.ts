import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { acquireDaemonLock, daemonLockHolder, lockSocketName } from './daemon-lock.js';
import type { DaemonLockKind } from './daemon-lock.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-lock-');
});
afterEach(() => {
  temp.cleanup();
});

const kinds: DaemonLockKind[] = process.platform === 'linux' ? ['socket', 'sqlite'] : ['sqlite'];

describe.each(kinds)('the daemon lock (%s)', (kind) => {
  const options = () => ({ hybridHome: temp.dir, token: 'token-aaaaaaaaaaaaaaaaaaaaaaaa', kind });

  it('is held by one at a time, says who holds it, and can be taken again once released', async () => {
    expect(await daemonLockHolder(options())).toBeUndefined();
    const first = await acquireDaemonLock(options());
    expect(first?.kind).toBe(kind);
    expect(await acquireDaemonLock(options())).toBeUndefined();
    expect(await daemonLockHolder(options())).toBe(kind === 'socket' ? process.pid : 0);
    first?.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await acquireDaemonLock(options());
    expect(again).toBeDefined();
    again?.release();
  });

  it('of many taken at once, exactly one wins', async () => {
    const locks = await Promise.all(Array.from({ length: 8 }, () => acquireDaemonLock(options())));
    const won = locks.filter((lock) => lock !== undefined);
    expect(won).toHaveLength(1);
    for (const lock of won) lock.release();
  });
});

describe('the lock socket name', () => {
  it('depends on the home and its token, and cannot be computed without the token', () => {
    const name = lockSocketName('/home/a/.claude-hybrid', 'token-1');
    expect(name.startsWith('\0claude-hybrid-daemon-')).toBe(true);
    expect(name).not.toContain('token-1');
    expect(lockSocketName('/home/a/.claude-hybrid', 'token-2')).not.toBe(name);
    expect(lockSocketName('/home/b/.claude-hybrid', 'token-1')).not.toBe(name);
  });
});
