import { runnerAlive } from '../../engine/index.js';
import { UsageError } from '../../errors.js';
import { CheckpointStore } from '../../workflow/index.js';
import type { RunRecord } from '../../workflow/index.js';
import { stringValues } from '../args.js';
import type { CliContext, ParsedValues } from '../command.js';
import { runtimeForAgents } from './agent-sources.js';

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
