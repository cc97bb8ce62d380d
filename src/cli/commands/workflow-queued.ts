import type { Engine } from '../../engine/index.js';
import { checkpoints, findRun } from '../../engine/engine.bundle.js';
import {
  JobQueue,
  parseQueueUrl,
  startWorkflowOnQueue,
  workflowJob,
} from '../../queue/queue.bundle.js';
import type { QueuedWorkflowRun } from '../../queue/queue.bundle.js';
import type { RunRecord } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { outcomeExitCode, printOutcome } from './workflow-execution.js';
import { followLocalWorkflow, followQueuedWorkflow } from './workflow-follow.js';

export type QueuedWorkflowRequest = QueuedWorkflowRun & { readonly detach: boolean };

/**
 * `workflow run --queue`: records the run (checked first, as a local run is), enqueues its
 * coordinator, and follows it to the end, or returns at once with --detach. The queue is
 * reached before anything is recorded: an unreachable Redis leaves no run behind.
 */
export async function runWorkflowOnQueue(
  context: CliContext,
  engine: Engine,
  url: string,
  request: QueuedWorkflowRequest,
): Promise<number> {
  const queueUrl = parseQueueUrl(url);
  const queue = await JobQueue.open(queueUrl);
  try {
    const { run, job } = await startWorkflowOnQueue(engine, queue, request);
    if (request.detach) {
      if (context.json)
        context.writeJson({
          runId: run.id,
          name: run.name,
          status: 'queued',
          queue: queueUrl.shown,
        });
      else {
        context.out(run.id);
        context.io.stderr.write(
          `${context.colors.dim(`workflow ${run.name} · run ${run.id} · queued on ${queueUrl.shown}`)}\n${context.colors.dim(`follow it with: claude-hybrid workflow status ${run.id} --follow`)}\n`,
        );
      }
      return 0;
    }
    if (!context.json)
      context.io.stderr.write(
        `${context.colors.dim(`workflow ${run.name} · run ${run.id} · queued on ${queueUrl.shown}`)}\n`,
      );
    await followQueuedWorkflow(context, engine, queue, run, job);
    return await finish(context, engine, run.id);
  } finally {
    await queue.close();
  }
}

/** Prints a finished run as `workflow run` ends, and returns its exit code. */
async function finish(context: CliContext, engine: Engine, runId: string): Promise<number> {
  const store = checkpoints(engine);
  const run = await findRun(store, runId);
  printOutcome(context, run, await store.steps(run.id), run);
  return outcomeExitCode(run.status);
}

/**
 * `workflow status --follow` on a running run: through its queue when it was queued (the queue
 * it names, or `queueFlag` / config queue.url, which may carry credentials), else by watching
 * its checkpoints.
 */
export async function followWorkflowRun(
  context: CliContext,
  engine: Engine,
  run: RunRecord,
  queueFlag: string | undefined,
): Promise<void> {
  const named = run.options.queue;
  if (named === undefined) {
    await followLocalWorkflow(context, engine, run);
    return;
  }
  const configured = engine.config.queue.url;
  const queueUrl = parseQueueUrl(queueFlag ?? (configured === '' ? named : configured));
  const queue = await JobQueue.open(queueUrl);
  try {
    const job = await workflowJob(queue, run.id);
    if (job === undefined) await followLocalWorkflow(context, engine, run);
    else await followQueuedWorkflow(context, engine, queue, run, job);
  } finally {
    await queue.close();
  }
}
