import { describe, expect, it } from 'vitest';
import { processStartStamp } from '../files/index.js';
import type { RunRecord } from '../workflow/index.js';
import { effectiveStatus, runnerAlive } from './workflow-runs.js';

const run = (pid: number | undefined, pidStarted: string | undefined): RunRecord => ({
  id: 'r',
  name: 'n',
  file: 'f',
  definition: {
    version: 1,
    name: 'n',
    description: undefined,
    inputs: {},
    maxCostUsd: undefined,
    maxConcurrency: 1,
    steps: [],
  },
  inputs: {},
  options: { provider: 'sim', model: undefined },
  status: 'running',
  spentUsd: 0,
  error: undefined,
  pid,
  pidStarted,
  createdAt: 0,
  updatedAt: 0,
});

describe('whose run is it', () => {
  it('knows a running process by its pid and its start stamp, not by the pid alone', () => {
    expect(runnerAlive(run(process.pid, processStartStamp(process.pid)))).toBe(true);
    expect(runnerAlive(run(process.pid, undefined))).toBe(true);
    if (process.platform === 'linux') expect(runnerAlive(run(process.pid, '1'))).toBe(false);
    expect(runnerAlive(run(2 ** 22 + 17, undefined))).toBe(false);
    expect(effectiveStatus(run(undefined, undefined))).toBe('interrupted');
  });
});
