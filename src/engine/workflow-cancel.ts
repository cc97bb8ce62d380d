import { WorkflowError } from '../errors.js';
import type { CheckpointRepository, RunRecord } from '../workflow/index.js';
import type { Engine } from './engine.js';
import { checkpoints, effectiveStatus, findRun, runnerAlive } from './workflow-runs.js';

/** How long `cancelWorkflowRun` waits for the running process to record that it stopped. */
const STOP_WAIT_MS = 10_000;
const STOP_POLL_MS = 50;

/**
 * Stops a running workflow cleanly: its process gets SIGTERM, aborts the calls in flight and
 * records the run as cancelled (resumable). A run whose process is gone is marked cancelled
 * here. Returns what happened, in words.
 */
export async function cancelWorkflowRun(engine: Engine, id: string): Promise<string> {
  const store = checkpoints(engine);
  const run = await findRun(store, id);
  const status = effectiveStatus(run);
  if (status !== 'running' && status !== 'interrupted')
    throw new WorkflowError('workflow.not_running', `run ${run.id} is not running (${status})`, {
      hint:
        status === 'succeeded'
          ? 'it finished'
          : `resume it with: claude-hybrid workflow resume ${run.id}`,
      exitCode: 2,
    });
  if (status === 'interrupted' || run.pid === undefined) {
    // Its process is gone: only the record says running.
    await store.cancelAbandoned(run.id, 'cancelled after its process ended');
    return 'its process had already ended; marked cancelled';
  }
  try {
    process.kill(run.pid, 'SIGTERM');
  } catch {
    // It ended between the check and the signal.
    await store.cancelAbandoned(run.id, 'cancelled after its process ended');
  }
  return waitForStop(store, run.id, run);
}

/**
 * Waits for the running process to record that it stopped. A process that dies without
 * recording it (signalled before its handlers were in place) is marked cancelled here.
 */
async function waitForStop(
  store: CheckpointRepository,
  id: string,
  run: RunRecord,
): Promise<string> {
  for (let waited = 0; waited < STOP_WAIT_MS; waited += STOP_POLL_MS) {
    const status = (await store.run(id))?.status;
    if (status !== undefined && status !== 'running') return `stopped (${status})`;
    if (!runnerAlive(run)) {
      await store.cancelAbandoned(id, 'cancelled; its process ended without recording it');
      return 'stopped (cancelled)';
    }
    await new Promise((done) => setTimeout(done, STOP_POLL_MS));
  }
  return 'asked to stop (SIGTERM sent); it has not recorded stopping yet';
}
