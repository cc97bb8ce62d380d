import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, WorkflowError } from '../../errors.js';
import { processAlive, processStartStamp } from '../../files/index.js';
import { CheckpointStore, bundledWorkflowsDir } from '../../workflow/index.js';
import type { RunRecord } from '../../workflow/index.js';
import { stringValues } from '../args.js';
import type { CliContext, ParsedValues } from '../command.js';
import { runtimeForAgents } from './agent-sources.js';

/**
 * FILE as given; else a workflow of that name in .claude-hybrid/workflows/; else a bundled
 * example of that name.
 */
export function resolveWorkflowFile(
  context: CliContext,
  projectRoot: string,
  name: string,
): string {
  const direct = resolve(context.io.cwd, name);
  if (existsSync(direct)) return direct;
  if (!/^[\w-]+$/.test(name)) return direct;
  for (const dir of [join(projectRoot, '.claude-hybrid', 'workflows'), bundledWorkflowsDir()])
    for (const extension of ['.yaml', '.yml']) {
      const candidate = join(dir, `${name}${extension}`);
      if (existsSync(candidate)) return candidate;
    }
  return direct;
}

export function parseInputs(values: ParsedValues): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of stringValues(values, 'input')) {
    const equals = pair.indexOf('=');
    if (equals <= 0)
      throw new UsageError(
        `--input "${pair}" is not NAME=VALUE`,
        'pass e.g. --input goal="add dark mode"',
      );
    inputs[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return inputs;
}

/**
 * Whether the process that runs `run` is still that process: alive, and (where the system says)
 * started when the run recorded it. A pid reused by another program after a crash is not.
 */
export function runnerAlive(run: RunRecord): boolean {
  if (run.pid === undefined || !processAlive(run.pid)) return false;
  return run.pidStarted === undefined || processStartStamp(run.pid) === run.pidStarted;
}

/** A run's status as a user should read it: a running run whose process is gone was interrupted. */
export function effectiveStatus(run: RunRecord): string {
  return run.status === 'running' && run.pid !== process.pid && !runnerAlive(run)
    ? 'interrupted'
    : run.status;
}

/** Runs `use` with the project's checkpoints, and closes the store after. */
export async function withStore(
  context: CliContext,
  values: ParsedValues,
  use: (store: CheckpointStore) => number | Promise<number>,
): Promise<number> {
  const { runtime } = await runtimeForAgents(context, values);
  try {
    return await use(new CheckpointStore(runtime.store.db));
  } finally {
    runtime.close();
  }
}

export function findRun(store: CheckpointStore, id: string): RunRecord {
  const run = store.run(id);
  if (run !== undefined) return run;
  const recent = store.runs(5).map((candidate) => candidate.id);
  throw new WorkflowError('workflow.unknown_run', `no workflow run "${id}" in this project`, {
    hint:
      recent.length > 0
        ? `recent runs: ${recent.join(', ')} (claude-hybrid workflow runs)`
        : 'start one with: claude-hybrid workflow run FILE',
    exitCode: 2,
  });
}

/**
 * Waits (up to 10 s) for the running process to record that it stopped. A process that dies
 * without recording it (signalled before its handlers were in place) is marked cancelled here.
 */
export async function waitForStop(
  store: CheckpointStore,
  id: string,
  run: RunRecord,
): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const status = store.run(id)?.status;
    if (status !== undefined && status !== 'running') return `stopped (${status})`;
    if (!runnerAlive(run)) {
      store.cancelAbandoned(id, 'cancelled; its process ended without recording it');
      return 'stopped (cancelled)';
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return 'asked to stop (SIGTERM sent); it has not recorded stopping yet';
}
