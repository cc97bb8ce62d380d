/**
 * Workflow runs as `claude-hybrid workflow run` records them, for the page's browser tests: the
 * checkpoint rows a run's DAG is read from (CheckpointStore, in the project's database) and the
 * events the dashboard's books read (workflow.started, step.completed, workflow.completed),
 * advanced stage by stage by the test.
 */
import type { NewEventRecord, Store } from '../../../store/index.js';
import { CheckpointStore } from '../../../workflow/checkpoint-store.js';
import { plainStep } from '../../../workflow/definition.js';
import type { WorkflowDefinition } from '../../../workflow/definition.js';

const FEATURE_PIPELINE: WorkflowDefinition = {
  version: 1,
  name: 'feature-pipeline',
  description: undefined,
  inputs: {},
  maxCostUsd: undefined,
  maxConcurrency: 4,
  steps: [
    plainStep('plan', 'architect', 'plan it', []),
    plainStep('research', 'researcher', 'research it', ['plan']),
    plainStep('implement', 'coder', 'build it', ['plan']),
    plainStep('tests', 'tester', 'test it', ['implement']),
    plainStep('review', 'reviewer', 'review it', ['research', 'tests']),
    plainStep('ship', 'release', 'ship it', ['review']),
  ],
};

/** Which steps finish at each stage of the running workflow; the steps they unblock start. */
const STAGES: readonly (readonly string[])[] = [
  [],
  ['plan'],
  ['research', 'implement'],
  ['tests'],
  ['review'],
  ['ship'],
];

/**
 * A workflow run as `claude-hybrid workflow run` records it: its checkpoint rows (the DAG) and
 * its events. Each advance() finishes a stage's steps (step.completed, cost) and starts the steps
 * whose needs are met; after the last, workflow.completed.
 */
export function startWorkflow(
  store: Store,
  runId: string,
  ts: number,
  definition: WorkflowDefinition = FEATURE_PIPELINE,
): { advance(): void } {
  const checkpoints = new CheckpointStore(store.db);
  checkpoints.createRun({
    id: runId,
    file: 'feature-pipeline.yaml',
    definition,
    inputs: {},
    options: { provider: 'anthropic', model: undefined },
    pid: process.pid,
  });
  store.events.appendBatch([
    {
      ts,
      type: 'workflow.started',
      source: 'cli',
      run: runId,
      payload: { runId, name: definition.name, steps: definition.steps.length },
    },
  ]);
  const done = new Set<string>();
  let stage = 0;
  const startReady = (): void => {
    for (const step of definition.steps)
      if (!done.has(step.id) && step.needs.every((need) => done.has(need)))
        checkpoints.startStep(runId, step.id);
  };
  startReady();
  return {
    advance() {
      stage += 1;
      const finishing = STAGES[stage] ?? [];
      const events: NewEventRecord[] = [];
      for (const stepId of finishing) {
        const step = definition.steps.find((candidate) => candidate.id === stepId);
        const costUsd = 0.0421 * stage;
        const usage = {
          inputTokens: 12_000,
          outputTokens: 1_800,
          cacheWriteTokens: 0,
          cacheReadTokens: 4_000,
        };
        checkpoints.completeIteration(
          runId,
          stepId,
          1,
          {
            agent: step?.agent ?? 'coder',
            model: 'claude-sonnet-5',
            output: `${stepId} done`,
            usage,
            costUsd,
            attempts: 1,
            waitedMs: 0,
            cached: false,
            durationMs: 9_000,
          },
          true,
        );
        done.add(stepId);
        events.push({
          ts: Date.now(),
          type: 'step.completed',
          source: 'cli',
          run: runId,
          payload: {
            runId,
            stepId,
            iteration: 1,
            agent: step?.agent ?? 'coder',
            model: 'claude-sonnet-5',
            ...usage,
            costUsd,
            durationMs: 9_000,
            attempts: 1,
            cached: false,
          },
        });
      }
      startReady();
      if (done.size === definition.steps.length) {
        checkpoints.setRunStatus(runId, 'succeeded');
        events.push({
          ts: Date.now(),
          type: 'workflow.completed',
          source: 'cli',
          run: runId,
          payload: { runId, name: definition.name, status: 'succeeded', spentUsd: 0, error: null },
        });
      }
      if (events.length > 0) store.events.appendBatch(events);
    },
  };
}

/** An older workflow that failed at its review. */
export function recordFinishedWorkflow(store: Store, ts: number): void {
  const runId = 'wf-release-notes-9';
  const events: NewEventRecord[] = [
    {
      ts,
      type: 'workflow.started',
      source: 'cli',
      run: runId,
      payload: { runId, name: 'release-notes', steps: 2 },
    },
    {
      ts: ts + 60_000,
      type: 'step.completed',
      source: 'cli',
      run: runId,
      payload: {
        runId,
        stepId: 'draft',
        iteration: 1,
        agent: 'writer',
        model: 'claude-haiku-4-5',
        inputTokens: 30_000,
        outputTokens: 6_000,
        cacheWriteTokens: 1_000,
        cacheReadTokens: 3_100,
        costUsd: 0.081,
        durationMs: 60_000,
        attempts: 2,
        cached: false,
      },
    },
    {
      ts: ts + 95_000,
      type: 'workflow.completed',
      source: 'cli',
      run: runId,
      payload: {
        runId,
        name: 'release-notes',
        status: 'failed',
        spentUsd: 0.081,
        error: 'review failed',
      },
    },
  ];
  store.events.appendBatch(events);
}
