import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { CheckpointStore } from './checkpoint-store.js';
import type { IterationResult } from './checkpoint-store.js';
import type { StepDefinition } from './definition.js';
import { parseWorkflow } from './parse-workflow.js';
import { runWorkflow } from './scheduler.js';
import type { StepEvent, StepExecutor } from './scheduler.js';
import { validateWorkflow } from './validate-workflow.js';
import type { CompiledWorkflow } from './validate-workflow.js';

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

function compile(yaml: string): CompiledWorkflow {
  const parsed = parseWorkflow(yaml, 'test');
  expect(parsed.issues).toEqual([]);
  if (parsed.definition === undefined) throw new Error('no definition');
  const { compiled, issues } = validateWorkflow(parsed.definition);
  expect(issues).toEqual([]);
  if (compiled === undefined) throw new Error('not compiled');
  return compiled;
}

function start(workflow: CompiledWorkflow, id = 'run-1'): string {
  checkpoints.createRun({
    id,
    file: 'test.yaml',
    definition: workflow.definition,
    inputs: {},
    options: { provider: 'sim', model: undefined },
    pid: 1,
  });
  return id;
}

interface Call {
  readonly step: string;
  readonly task: string;
}

/** An executor that answers `reply(step, task)`, records every call and the concurrency. */
class ScriptedExecutor implements StepExecutor {
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
        cached: false,
        durationMs: 1,
      };
    } finally {
      this.inFlight -= 1;
    }
  }

  async summarize(text: string, maxTokens: number): Promise<{ text: string; costUsd: number }> {
    await Promise.resolve();
    return { text: `summary of ${text.length} chars in ${maxTokens} tokens`, costUsd: 0.005 };
  }
}

function run(
  workflow: CompiledWorkflow,
  runId: string,
  executor: StepExecutor,
): ReturnType<typeof runWorkflow> {
  return runWorkflow({ workflow, runId, inputs: {}, store: checkpoints, executor });
}

/** One finished iteration with tiny usage. */
function iteration(output: string, costUsd: number): IterationResult {
  return {
    agent: 'qa',
    model: 'm',
    output,
    usage: { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 },
    costUsd,
    attempts: 1,
    cached: false,
    durationMs: 1,
  };
}

/** Resumes as the CLI does: a take-over of the run as last seen. */
function reopen(runId: string): void {
  const run = checkpoints.run(runId);
  expect(run).toBeDefined();
  expect(checkpoints.reopen(runId, 2, { status: run?.status ?? 'running', pid: run?.pid })).toBe(
    true,
  );
}

const statuses = (runId: string): Record<string, string> =>
  Object.fromEntries(checkpoints.steps(runId).map((step) => [step.stepId, step.status]));

describe('runWorkflow', () => {
  it('runs the DAG in dependency order within maxConcurrency, passing outputs on', async () => {
    const workflow = compile(`
version: 1
maxConcurrency: 2
steps:
  - {id: root, agent: pm, task: plan}
  - {id: a, agent: qa, needs: root, task: "a after {{steps.root.output}}"}
  - {id: b, agent: qa, needs: root, task: b}
  - {id: c, agent: qa, needs: root, task: c}
  - {id: join, agent: pm, needs: [a, b, c], task: "join {{steps.a.status}} {{steps.c.cost}}"}
`);
    const executor = new ScriptedExecutor();
    const runId = start(workflow);
    const outcome = await run(workflow, runId, executor);
    expect(outcome).toEqual({ status: 'succeeded', spentUsd: 0.05, error: undefined });
    const order = executor.calls.map((call) => call.step);
    expect(order[0]).toBe('root');
    expect(order.slice(1, 4).sort()).toEqual(['a', 'b', 'c']);
    expect(order[4]).toBe('join');
    expect(executor.calls.find((call) => call.step === 'a')?.task).toBe('a after root done (plan)');
    expect(executor.calls[4]?.task).toBe('join succeeded 0.01');
    expect(executor.maxInFlight).toBe(2);
    expect(checkpoints.run(runId)).toMatchObject({ status: 'succeeded', spentUsd: 0.05 });
    expect(checkpoints.steps(runId)[0]).toMatchObject({
      status: 'succeeded',
      iterations: 1,
      output: 'root done (plan)',
      usage: { inputTokens: 10, outputTokens: 5 },
      costUsd: 0.01,
    });
  });

  it('skips a step whose condition is false, and a failure blocks only what needs it', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: scan, agent: security, task: scan}
  - {id: fix, agent: engineer, needs: scan, when: 'steps.scan.output contains "vulnerable"', task: fix}
  - {id: broken, agent: qa, task: test}
  - {id: after-broken, agent: qa, needs: broken, task: more}
  - {id: report, agent: documentation, needs: [fix], task: report}
`);
    const executor = new ScriptedExecutor();
    executor.failing.add('broken');
    const events: StepEvent[] = [];
    const runId = start(workflow);
    const outcome = await runWorkflow({
      workflow,
      runId,
      inputs: {},
      store: checkpoints,
      executor,
      onEvent: (event) => events.push(event),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe('broken failed, after-broken blocked');
    expect(statuses(runId)).toEqual({
      scan: 'succeeded',
      fix: 'skipped',
      broken: 'failed',
      'after-broken': 'blocked',
      report: 'succeeded',
    });
    expect(checkpoints.steps(runId).find((step) => step.stepId === 'broken')?.error).toBe(
      'broken exploded',
    );
    expect(events.filter((event) => event.type === 'step.blocked')).toEqual([
      { type: 'step.blocked', stepId: 'after-broken', reason: 'needs "broken", which failed' },
    ]);
  });

  it('repeats a step until its condition holds, with the previous output and iteration', async () => {
    const workflow = compile(`
version: 1
steps:
  - id: polish
    agent: engineer
    repeat: {max: 5, until: 'steps.polish.output contains "pass 3"'}
    task: "pass {{repeat.iteration}} after [{{repeat.previous}}]"
`);
    const executor = new ScriptedExecutor((_, task) => task.split(' after')[0] ?? '');
    const runId = start(workflow);
    const outcome = await run(workflow, runId, executor);
    expect(outcome.status).toBe('succeeded');
    expect(executor.calls.map((call) => call.task)).toEqual([
      'pass 1 after []',
      'pass 2 after [pass 1]',
      'pass 3 after [pass 2]',
    ]);
    expect(checkpoints.steps(runId)[0]).toMatchObject({
      iterations: 3,
      output: 'pass 3',
      costUsd: 0.03,
    });
  });

  it('stops at the budget with what was spent and what remained; resume keeps what was done', async () => {
    const workflow = compile(`
version: 1
maxCostUsd: 0.05
maxConcurrency: 1
steps:
  - {id: one, agent: qa, task: one}
  - {id: two, agent: qa, needs: one, task: two}
  - {id: three, agent: qa, needs: two, task: three}
`);
    const executor = new ScriptedExecutor(undefined, 0.02); // each estimated at up to $0.04
    const runId = start(workflow);
    const outcome = await run(workflow, runId, executor);
    expect(outcome.status).toBe('budget_exceeded');
    expect(outcome.error).toBe(
      'spent $0.0200 of maxCostUsd $0.05; $0.0300 remained, and step "two" is estimated at up to $0.0400',
    );
    expect(statuses(runId)).toEqual({ one: 'succeeded', two: 'pending', three: 'pending' });
    // Resuming with the same budget stops at once and runs nothing again.
    reopen(runId);
    const again = await run(workflow, runId, executor);
    expect(again.status).toBe('budget_exceeded');
    expect(executor.calls.map((call) => call.step)).toEqual(['one']);
  });

  it('refuses a step whose own estimate is over its maxCostUsd', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: big, agent: qa, task: big, maxCostUsd: 0.01}
`);
    const runId = start(workflow);
    const outcome = await runWorkflow({
      workflow,
      runId,
      inputs: {},
      store: checkpoints,
      executor: new ScriptedExecutor(),
    });
    expect(outcome.status).toBe('failed');
    expect(checkpoints.steps(runId)[0]?.error).toMatch(
      /^budget.step_exceeded: step "big" is estimated at up to \$0.0200, over its maxCostUsd \$0.01/,
    );
  });

  it('cancels cleanly and resumes without running finished steps again', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: first, agent: qa, task: first}
  - {id: second, agent: qa, needs: first, task: "second {{steps.first.output}}"}
  - {id: third, agent: qa, needs: second, task: third}
`);
    const executor = new ScriptedExecutor();
    const runId = start(workflow);
    const controller = new AbortController();
    const events: StepEvent[] = [];
    let release: () => void = () => undefined;
    const running = runWorkflow({
      workflow,
      runId,
      inputs: {},
      store: checkpoints,
      executor,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'step.completed' && event.stepId === 'first')
          executor.gate = new Promise((resolve) => {
            release = resolve;
          });
        // Abort while the call is in flight (held at the gate).
        if (event.type === 'step.started' && event.stepId === 'second')
          setTimeout(() => {
            controller.abort();
          }, 5);
      },
    });
    const outcome = await running;
    release();
    expect(outcome.status).toBe('cancelled');
    expect(statuses(runId)).toEqual({ first: 'succeeded', second: 'pending', third: 'pending' });
    expect(checkpoints.run(runId)?.status).toBe('cancelled');

    executor.gate = undefined;
    reopen(runId);
    const resumed = await run(workflow, runId, executor);
    expect(resumed).toEqual({ status: 'succeeded', spentUsd: 0.03, error: undefined });
    // The cancelled call was aborted in flight; after the resume, only it and what follows ran.
    expect(executor.calls.map((call) => call.step)).toEqual(['first', 'second', 'second', 'third']);
    expect(executor.calls[2]?.task).toBe('second first done (first)');
    expect(events.some((event) => event.type === 'step.failed')).toBe(false);
  });

  it('goes on with a loop from its last recorded iteration after a crash', async () => {
    const workflow = compile(`
version: 1
steps:
  - id: loop
    agent: qa
    repeat: {max: 4, until: 'steps.loop.iterations >= 3'}
    task: "iteration {{repeat.iteration}}"
`);
    const runId = start(workflow);
    // A process that died after recording two iterations.
    checkpoints.startStep(runId, 'loop');
    for (const number of [1, 2])
      checkpoints.completeIteration(runId, 'loop', number, iteration(`out ${number}`, 0.01), false);
    reopen(runId);
    const executor = new ScriptedExecutor();
    const outcome = await run(workflow, runId, executor);
    expect(outcome).toEqual({ status: 'succeeded', spentUsd: 0.03, error: undefined });
    expect(executor.calls.map((call) => call.task)).toEqual(['iteration 3']);
  });

  it('lets exactly one of two resumes take a stopped run over', () => {
    const workflow = compile('version: 1\nsteps:\n  - {id: a, agent: qa, task: a}\n');
    const runId = start(workflow);
    checkpoints.setRunStatus(runId, 'cancelled', 'stopped', 1);
    const seen = { status: 'cancelled' as const, pid: 1 };
    expect(checkpoints.reopen(runId, 10, seen)).toBe(true);
    expect(checkpoints.reopen(runId, 11, seen)).toBe(false);
    expect(checkpoints.run(runId)).toMatchObject({ status: 'running', pid: 10 });
  });

  it('records an iteration once however often it is written', () => {
    const workflow = compile('version: 1\nsteps:\n  - {id: a, agent: qa, task: a}\n');
    const runId = start(workflow);
    checkpoints.startStep(runId, 'a');
    const result = iteration('x', 0.5);
    expect(checkpoints.completeIteration(runId, 'a', 1, result, true)).toBe(true);
    expect(checkpoints.completeIteration(runId, 'a', 1, result, true)).toBe(false);
    expect(checkpoints.run(runId)?.spentUsd).toBe(0.5);
    expect(checkpoints.steps(runId)[0]?.costUsd).toBe(0.5);
  });

  it('holds quoted outputs to the handoff budget: cut at a boundary, or summarised', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: long, agent: research, task: long}
  - {id: cut, agent: qa, needs: long, task: "{{steps.long.output}}", handoff: {maxTokens: 50}}
  - {id: brief, agent: qa, needs: long, task: "{{steps.long.output}}", handoff: {maxTokens: 50, summarize: true}}
`);
    const paragraph = 'Word '.repeat(30).trim();
    const executor = new ScriptedExecutor((step) =>
      step === 'long' ? `${paragraph}.\n\n${paragraph}.\n\n${paragraph}.` : 'ok',
    );
    const runId = start(workflow);
    const outcome = await run(workflow, runId, executor);
    expect(outcome.status).toBe('succeeded');
    const cut = executor.calls.find((call) => call.step === 'cut')?.task ?? '';
    expect(cut).toBe(`${paragraph}.\n[… steps.long.output cut here: about 76 more tokens]`);
    expect(executor.calls.find((call) => call.step === 'brief')?.task).toBe(
      'summary of 454 chars in 50 tokens',
    );
    // The summary call's cost is the step's.
    expect(checkpoints.steps(runId).find((step) => step.stepId === 'brief')?.costUsd).toBeCloseTo(
      0.015,
    );
  });

  it('stops at once when parallel steps each exceed what the budget has left', async () => {
    const workflow = compile(`
version: 1
maxCostUsd: 0.01
steps:
  - {id: left, agent: qa, task: left}
  - {id: right, agent: qa, task: right}
`);
    const runId = start(workflow);
    const outcome = await run(workflow, runId, new ScriptedExecutor(undefined, 0.02));
    expect(outcome.status).toBe('budget_exceeded');
    expect(statuses(runId)).toEqual({ left: 'pending', right: 'pending' });
  });

  it('reads repeat.iteration in until as the iteration just finished', async () => {
    const workflow = compile(`
version: 1
steps:
  - id: loop
    agent: qa
    repeat: {max: 5, until: 'repeat.iteration >= 3'}
    task: "pass {{repeat.iteration}}"
`);
    const executor = new ScriptedExecutor();
    const runId = start(workflow);
    expect((await run(workflow, runId, executor)).status).toBe('succeeded');
    expect(executor.calls.map((call) => call.task)).toEqual(['pass 1', 'pass 2', 'pass 3']);
  });
});
