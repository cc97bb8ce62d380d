import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';

/**
 * Makes `path` unwritable even for root, and returns how to undo it; undefined when this machine
 * cannot (the test then skips). As root, file modes do not stop a write, so the immutable flag
 * (`chattr +i`) is used; otherwise the write bits are removed. Always undo in a `finally`: an
 * immutable file cannot be deleted.
 */
export function makeReadOnly(path: string): (() => void) | undefined {
  if (process.getuid?.() === 0) {
    const set = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
    if (set.status !== 0) return undefined;
    return () => {
      spawnSync('chattr', ['-i', path]);
    };
  }
  const mode = statSync(path).mode & 0o7777;
  chmodSync(path, mode & ~0o222);
  return () => {
    chmodSync(path, mode);
  };
}

/** The permission bits of `path`, e.g. 0o600. */
export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}
