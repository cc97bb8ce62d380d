import type { Engine } from '../../engine/index.js';
import { checkpoints, createWorkflowRun, findRun } from '../../engine/engine.bundle.js';
import {
  JobQueue,
  enqueueWorkflowRun,
  parseQueueUrl,
  workflowJob,
} from '../../queue/queue.bundle.js';
import type { RunRecord } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { outcomeExitCode, printOutcome } from './workflow-execution.js';
import { followLocalWorkflow, followQueuedWorkflow } from './workflow-follow.js';

export interface QueuedWorkflowRequest {
  readonly file: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly cache: boolean;
  readonly detach: boolean;
}

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
    const prepared = await createWorkflowRun(engine, {
      file: request.file,
      inputs: request.inputs,
      provider: request.provider,
      model: request.model,
      queue: queueUrl.shown,
    });
    const { run } = prepared;
    const job = await enqueueWorkflowRun(queue, run.id, {
      provider: request.provider,
      cache: request.cache,
    });
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
