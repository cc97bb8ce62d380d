import type { Engine } from '../../engine/index.js';
import { checkpoints, effectiveStatus } from '../../engine/engine.bundle.js';
import { HybridError } from '../../errors.js';
import type { JobQueue } from '../../queue/queue.bundle.js';
import { WORKFLOWS_QUEUE, followAndRecord } from '../../queue/queue.bundle.js';
import type { RunRecord } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { renderSteps, viewOf } from './workflow-view.js';

/** How often a run that this machine runs is looked at while followed. */
const POLL_MS = 250;

/**
 * Prints a line for each step whose state changed since the last look, from the checkpoint
 * store (the shared one when workers run the run). Nothing on --json: progress is not output.
 */
function stepPrinter(
  context: CliContext,
  engine: Engine,
  run: RunRecord,
): () => Promise<readonly string[]> {
  const store = checkpoints(engine);
  const shown = new Map<string, string>();
  return async () => {
    const records = await store.steps(run.id);
    const views = new Map(records.map((record) => [record.stepId, viewOf(record)]));
    const lines = renderSteps(run.definition, views, context.colors, 0);
    run.definition.steps.forEach((step, index) => {
      const line = lines[index];
      if (line === undefined || views.get(step.id)?.status === 'pending') return;
      if (shown.get(step.id) === line) return;
      shown.set(step.id, line);
      if (!context.json) context.io.stderr.write(`${line}\n`);
    });
    return lines;
  };
}

/** Ctrl-C while following: stop following, leave the run going. */
function followInterrupt(runId: string): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort(
      new HybridError('run.interrupted', `stopped following run ${runId} (Ctrl-C)`, {
        exitCode: 2,
        hint: `it goes on; follow it again with: claude-hybrid workflow status ${runId} --follow`,
      }),
    );
  };
  process.once('SIGINT', interrupt);
  return {
    signal: controller.signal,
    release: () => {
      process.removeListener('SIGINT', interrupt);
    },
  };
}

/**
 * Follows a queued workflow run to its end: its events (recorded here too) and a line per step
 * as its state changes. Returns when the run's coordinator job has finished.
 */
export async function followQueuedWorkflow(
  context: CliContext,
  engine: Engine,
  queue: JobQueue,
  run: RunRecord,
  job: Parameters<typeof followAndRecord>[1]['job'],
): Promise<void> {
  const print = stepPrinter(context, engine, run);
  let printing: Promise<unknown> = print();
  const { signal, release } = followInterrupt(run.id);
  try {
    await followAndRecord(engine, {
      queue,
      name: WORKFLOWS_QUEUE,
      job,
      runId: run.id,
      what: `workflow run ${run.id}`,
      signal,
      onEvent: (relayed) => {
        if (relayed.event.type.startsWith('step.')) printing = printing.then(print);
      },
    });
  } finally {
    release();
    await printing.catch(() => undefined);
  }
  await print();
}

/** Follows a run this machine runs (no queue) by watching its checkpoints until it stops. */
export async function followLocalWorkflow(
  context: CliContext,
  engine: Engine,
  run: RunRecord,
): Promise<void> {
  const print = stepPrinter(context, engine, run);
  const store = checkpoints(engine);
  const { signal, release } = followInterrupt(run.id);
  try {
    for (;;) {
      signal.throwIfAborted();
      await print();
      const now = await store.run(run.id);
      if (now === undefined || effectiveStatus(now) !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    release();
  }
}
