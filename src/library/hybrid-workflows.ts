/* eslint-disable @typescript-eslint/require-await -- the methods are async even where nothing is
   awaited, so that every error reaches the caller as a rejected promise */
import { join } from 'node:path';
import {
  checkpoints,
  createWorkflowRun,
  executeWorkflowRun,
  findRun,
  reopenWorkflowRun,
  resolveWorkflowFile,
  workflowCatalog,
} from '../engine/engine.bundle.js';
import type { Engine, PreparedRun } from '../engine/index.js';
import { HybridError } from '../errors.js';
import { SHARED_MEMORY_PULL_MS } from './hybrid-context.js';
import type { HybridContext } from './hybrid-context.js';
import { checkInputs, checkText, checkWorkflowOptions } from './options.js';
import type { Hybrid, WorkflowInfo, WorkflowRunOptions, WorkflowStatus } from './types.js';
import { workflowStatus } from './views.js';

/** A hybrid's `workflows`: run, status, resume, list and the workflows available. */
export function workflowsOf(context: HybridContext): Hybrid['workflows'] {
  return {
    run: async (workflow, inputs, options) => {
      const engine = context.open();
      const checked = checkWorkflowOptions(options);
      const file = resolveWorkflowFile(
        context.cwd,
        context.projectRoot,
        checkText(workflow, 'workflow'),
      );
      const provider = checked.provider ?? context.provider;
      if (checked.queue !== undefined) {
        const { workflowOnQueue } = await import('./queued.js');
        const runId = await workflowOnQueue(engine, checked.queue, {
          file,
          inputs: checkInputs(inputs),
          provider,
          model: checked.model,
          cache: checked.cache !== false,
          signal: checked.signal,
        });
        const store = checkpoints(engine);
        const run = await findRun(store, runId);
        return workflowStatus(run, await store.steps(run.id));
      }
      await engine.syncSharedMemory({ maxAgeMs: SHARED_MEMORY_PULL_MS });
      const prepared = await createWorkflowRun(engine, {
        file,
        inputs: checkInputs(inputs),
        provider,
        model: checked.model,
      });
      return execute(context, engine, prepared, checked);
    },
    status: async (runId) => {
      const engine = context.open();
      const store = checkpoints(engine);
      const run = await findRun(store, checkText(runId, 'run id'));
      return workflowStatus(run, await store.steps(run.id));
    },
    resume: async (runId, options) => {
      const engine = context.open();
      const checked = checkWorkflowOptions(options);
      await engine.syncSharedMemory({ maxAgeMs: SHARED_MEMORY_PULL_MS });
      const prepared = await reopenWorkflowRun(engine, checkText(runId, 'run id'), {
        provider: checked.provider ?? context.provider,
      });
      return execute(context, engine, prepared, checked);
    },
    list: async (options) => {
      const engine = context.open();
      const limit = options?.limit ?? 20;
      if (!Number.isInteger(limit) || limit < 1)
        throw new HybridError(
          'engine.invalid_options',
          'workflows.list limit must be a positive integer',
          {
            exitCode: 2,
            hint: 'pass e.g. { limit: 20 }',
          },
        );
      const store = checkpoints(engine);
      const runs = await store.runs(limit);
      return Promise.all(runs.map(async (run) => workflowStatus(run, await store.steps(run.id))));
    },
    available: async () => {
      const engine = context.open();
      return workflowCatalog(
        context.projectRoot,
        join(engine.loaded.hybridHome, 'cache', 'workflows'),
      ) satisfies readonly WorkflowInfo[];
    },
  };
}

async function execute(
  context: HybridContext,
  engine: Engine,
  prepared: PreparedRun,
  options: WorkflowRunOptions,
): Promise<WorkflowStatus> {
  await executeWorkflowRun(engine, prepared, {
    provider: options.provider ?? context.provider,
    cache: options.cache,
    signal: options.signal,
    onStep:
      options.onStep === undefined
        ? undefined
        : (event) => {
            options.onStep?.(
              event.type === 'step.completed'
                ? {
                    type: 'step.completed',
                    stepId: event.stepId,
                    iteration: event.iteration,
                    agent: event.result.agent,
                    model: event.result.model,
                    costUsd: event.result.costUsd,
                    done: event.done,
                  }
                : event,
            );
          },
  });
  const store = checkpoints(engine);
  const run = await findRun(store, prepared.run.id);
  return workflowStatus(run, await store.steps(run.id));
}
