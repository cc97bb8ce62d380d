import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes a file so that readers see either the old or the new content, never a torn one:
 * write a temp file in the same directory, fsync it, rename it over the target.
 */
let sequence = 0;

export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o644): void {
  // pid + counter is unique among live writers; 'wx' refuses a leftover from a crashed one.
  sequence += 1;
  const temp = `${file}.${process.pid}.${sequence}.tmp`;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      if (typeof content === 'string') writeSync(fd, content);
      else writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
