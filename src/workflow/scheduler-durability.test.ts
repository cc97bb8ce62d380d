import { describe, expect, it } from 'vitest';
import {
  ScriptedExecutor,
  compile,
  iteration,
  useSchedulerHarness,
} from '../../test/support/scheduler-harness.js';
import { runWorkflow } from './scheduler.js';
import type { StepEvent } from './scheduler.js';

const harness = useSchedulerHarness();

describe('runWorkflow durability: budgets, cancel and resume, crashes', () => {
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
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, executor);
    expect(outcome.status).toBe('budget_exceeded');
    expect(outcome.error).toBe(
      'spent $0.0200 of maxCostUsd $0.05; $0.0300 remained, and step "two" is estimated at up to $0.0400',
    );
    expect(harness.statuses(runId)).toEqual({ one: 'succeeded', two: 'pending', three: 'pending' });
    // Resuming with the same budget stops at once and runs nothing again.
    harness.reopen(runId);
    const again = await harness.run(workflow, runId, executor);
    expect(again.status).toBe('budget_exceeded');
    expect(executor.calls.map((call) => call.step)).toEqual(['one']);
  });

  it('refuses a step whose own estimate is over its maxCostUsd', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: big, agent: qa, task: big, maxCostUsd: 0.01}
`);
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, new ScriptedExecutor());
    expect(outcome.status).toBe('failed');
    expect(harness.checkpoints.steps(runId)[0]?.error).toMatch(
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
    const runId = harness.start(workflow);
    const controller = new AbortController();
    const events: StepEvent[] = [];
    let release: () => void = () => undefined;
    const running = runWorkflow({
      workflow,
      runId,
      inputs: {},
      store: harness.repository,
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
    expect(harness.statuses(runId)).toEqual({
      first: 'succeeded',
      second: 'pending',
      third: 'pending',
    });
    expect(harness.checkpoints.run(runId)?.status).toBe('cancelled');

    executor.gate = undefined;
    harness.reopen(runId);
    const resumed = await harness.run(workflow, runId, executor);
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
    const runId = harness.start(workflow);
    // A process that died after recording two iterations.
    harness.checkpoints.startStep(runId, 'loop');
    for (const number of [1, 2])
      harness.checkpoints.completeIteration(
        runId,
        'loop',
        number,
        iteration(`out ${number}`, 0.01),
        false,
      );
    harness.reopen(runId);
    const executor = new ScriptedExecutor();
    const outcome = await harness.run(workflow, runId, executor);
    expect(outcome).toEqual({ status: 'succeeded', spentUsd: 0.03, error: undefined });
    expect(executor.calls.map((call) => call.task)).toEqual(['iteration 3']);
  });

  it('lets exactly one of two resumes take a stopped run over', () => {
    const workflow = compile('version: 1\nsteps:\n  - {id: a, agent: qa, task: a}\n');
    const runId = harness.start(workflow);
    harness.checkpoints.setRunStatus(runId, 'cancelled', 'stopped', 1);
    const seen = { status: 'cancelled' as const, pid: 1 };
    expect(harness.checkpoints.reopen(runId, 10, seen)).toBe(true);
    expect(harness.checkpoints.reopen(runId, 11, seen)).toBe(false);
    expect(harness.checkpoints.run(runId)).toMatchObject({ status: 'running', pid: 10 });
  });

  it('records an iteration once however often it is written', () => {
    const workflow = compile('version: 1\nsteps:\n  - {id: a, agent: qa, task: a}\n');
    const runId = harness.start(workflow);
    harness.checkpoints.startStep(runId, 'a');
    const result = iteration('x', 0.5);
    expect(harness.checkpoints.completeIteration(runId, 'a', 1, result, true)).toBe(true);
    expect(harness.checkpoints.completeIteration(runId, 'a', 1, result, true)).toBe(false);
    expect(harness.checkpoints.run(runId)?.spentUsd).toBe(0.5);
    expect(harness.checkpoints.steps(runId)[0]?.costUsd).toBe(0.5);
  });

  it('stops at once when parallel steps each exceed what the budget has left', async () => {
    const workflow = compile(`
version: 1
maxCostUsd: 0.01
steps:
  - {id: left, agent: qa, task: left}
  - {id: right, agent: qa, task: right}
`);
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, new ScriptedExecutor(undefined, 0.02));
    expect(outcome.status).toBe('budget_exceeded');
    expect(harness.statuses(runId)).toEqual({ left: 'pending', right: 'pending' });
  });
});
