import type { IterationResult, StepExecutor } from '../workflow/index.js';
import type { StepJob } from './job-data.js';
import type { JobQueue } from './job-queue.js';
import { CALLS_QUEUE, stepJobId } from './queue-names.js';

export interface QueuedStepsOptions {
  readonly runId: string;
  readonly provider: string;
  readonly model: string | undefined;
  readonly cache: boolean;
}

/**
 * A coordinator's step executor: each iteration of each step is a job on the calls queue, run
 * by whichever worker is free, under the step's idempotency key (stepJobId). The estimate, the
 * context window and handoff summaries stay with the coordinator's own engine (`local`).
 */
export function queuedSteps(
  local: StepExecutor,
  queue: JobQueue,
  options: QueuedStepsOptions,
): StepExecutor {
  const summarize = local.summarize?.bind(local);
  return {
    estimate: (step, task) => local.estimate(step, task),
    contextWindow: (step) => local.contextWindow(step),
    ...(summarize === undefined
      ? {}
      : {
          summarize: (text: string, maxTokens: number, signal: AbortSignal) =>
            summarize(text, maxTokens, signal),
        }),
    async execute(step, task, signal, iteration): Promise<IterationResult> {
      const data: StepJob = {
        kind: 'step',
        runId: options.runId,
        stepId: step.id,
        iteration,
        step,
        task,
        provider: options.provider,
        model: options.model,
        cache: options.cache,
      };
      const job = await queue.add(CALLS_QUEUE, stepJobId(options.runId, step.id, iteration), data);
      return (await queue.wait(CALLS_QUEUE, job, `step "${step.id}"`, signal)) as IterationResult; // a step job returns its IterationResult
    },
  };
}
