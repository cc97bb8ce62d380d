import { describe, expect, it } from 'vitest';
import { processStartStamp } from './process-identity.js';
import { processAlive } from './process-alive.js';

describe('process identity', () => {
  it('gives this process a stable start stamp, and none to a process that does not exist', () => {
    const stamp = processStartStamp(process.pid);
    if (process.platform === 'linux') expect(stamp).toMatch(/^\d+$/);
    expect(processStartStamp(process.pid)).toBe(stamp);
    expect(processStartStamp(2 ** 22 + 17)).toBeUndefined();
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 17)).toBe(false);
  });
});
