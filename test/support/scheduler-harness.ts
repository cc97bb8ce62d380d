import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { CheckpointStore } from '../../src/workflow/checkpoint-store.js';
import { sqliteCheckpoints } from '../../src/workflow/checkpoint-repository.js';
import type { CheckpointRepository } from '../../src/workflow/checkpoint-repository.js';
import type { IterationResult } from '../../src/workflow/checkpoint-store.js';
import type { StepDefinition } from '../../src/workflow/definition.js';
import { parseWorkflow } from '../../src/workflow/parse-workflow.js';
import { runWorkflow } from '../../src/workflow/scheduler.js';
import type { StepExecutor } from '../../src/workflow/scheduler.js';
import { validateWorkflow } from '../../src/workflow/validate-workflow.js';
import type { CompiledWorkflow } from '../../src/workflow/validate-workflow.js';
import { makeTempDir } from './temp-dir.js';

/** Parses and validates `yaml`, expecting no issues. */
export function compile(yaml: string): CompiledWorkflow {
  const parsed = parseWorkflow(yaml, 'test');
  expect(parsed.issues).toEqual([]);
  if (parsed.definition === undefined) throw new Error('no definition');
  const { compiled, issues } = validateWorkflow(parsed.definition);
  expect(issues).toEqual([]);
  if (compiled === undefined) throw new Error('not compiled');
  return compiled;
}

interface Call {
  readonly step: string;
  readonly task: string;
}

/** An executor that answers `reply(step, task)`, records every call and the concurrency. */
export class ScriptedExecutor implements StepExecutor {
  readonly calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Steps that throw. */
  readonly failing = new Set<string>();
  /** Held calls: resolve them to let the call finish. */
  gate: Promise<void> | undefined;

  constructor(
    private readonly reply: (step: string, task: string) => string = (step, task) =>
      `${step} done (${task})`,
    private readonly cost = 0.01,
  ) {}

  estimate(): number {
    return this.cost * 2;
  }

  contextWindow(): number {
    return 1_000;
  }

  async execute(step: StepDefinition, task: string, signal: AbortSignal): Promise<IterationResult> {
    this.calls.push({ step: step.id, task });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      signal.throwIfAborted();
      if (this.gate !== undefined)
        await Promise.race([
          this.gate,
          new Promise((_, reject) => {
            signal.addEventListener(
              'abort',
              () => {
                reject(new Error('aborted'));
              },
              { once: true },
            );
          }),
        ]);
      if (this.failing.has(step.id)) throw new Error(`${step.id} exploded`);
      return {
        agent: step.agent ?? 'routed',
        model: 'claude-haiku-5-5',
        output: this.reply(step.id, task),
        usage: { inputTokens: 10, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0 },
        costUsd: this.cost,
        attempts: 1,
        waitedMs: 0,
        cached: false,
        durationMs: 1,
      };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Summaries asked for, in order. */
  readonly summarized: string[] = [];

  async summarize(text: string, maxTokens: number): Promise<{ text: string; costUsd: number }> {
    this.summarized.push(text);
    await Promise.resolve();
    return { text: `summary of ${text.length} chars in ${maxTokens} tokens`, costUsd: 0.005 };
  }
}

/** One finished iteration with tiny usage. */
export function iteration(output: string, costUsd: number): IterationResult {
  return {
    agent: 'qa',
    model: 'm',
    output,
    usage: { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 },
    costUsd,
    attempts: 1,
    waitedMs: 0,
    cached: false,
    durationMs: 1,
  };
}

export interface SchedulerHarness {
  /** The checkpoint store of the current test (a fresh SQLite file per test). */
  readonly checkpoints: CheckpointStore;
  /** The same checkpoints behind the async repository interface the scheduler takes. */
  readonly repository: CheckpointRepository;
  /** Records a new run of `workflow` and returns its id. */
  start(workflow: CompiledWorkflow, id?: string): string;
  run(
    workflow: CompiledWorkflow,
    runId: string,
    executor: StepExecutor,
  ): ReturnType<typeof runWorkflow>;
  /** Resumes as the CLI does: a take-over of the run as last seen. */
  reopen(runId: string): void;
  /** Each step's status by id. */
  statuses(runId: string): Record<string, string>;
}

/** Registers per-test set-up and tear-down of a store in a temporary folder. */
export function useSchedulerHarness(): SchedulerHarness {
  let temp: { dir: string; cleanup: () => void };
  let store: Store;
  let checkpoints: CheckpointStore;
  beforeEach(() => {
    temp = makeTempDir('claude-hybrid-scheduler-');
    store = openStore({ path: join(temp.dir, 'state.db') });
    checkpoints = new CheckpointStore(store.db, () => 1_000);
  });
  afterEach(() => {
    store.close();
    temp.cleanup();
  });
  return {
    get checkpoints() {
      return checkpoints;
    },
    get repository() {
      return sqliteCheckpoints(checkpoints);
    },
    start(workflow, id = 'run-1') {
      checkpoints.createRun({
        id,
        file: 'test.yaml',
        definition: workflow.definition,
        inputs: {},
        options: { provider: 'sim', model: undefined },
        pid: 1,
      });
      return id;
    },
    run(workflow, runId, executor) {
      return runWorkflow({
        workflow,
        runId,
        inputs: {},
        store: sqliteCheckpoints(checkpoints),
        executor,
      });
    },
    reopen(runId) {
      const run = checkpoints.run(runId);
      expect(run).toBeDefined();
      expect(
        checkpoints.reopen(runId, 2, { status: run?.status ?? 'running', pid: run?.pid }),
      ).toBe(true);
    },
    statuses(runId) {
      return Object.fromEntries(checkpoints.steps(runId).map((step) => [step.stepId, step.status]));
    },
  };
}
