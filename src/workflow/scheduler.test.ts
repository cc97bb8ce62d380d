import { describe, expect, it } from 'vitest';
import {
  ScriptedExecutor,
  compile,
  useSchedulerHarness,
} from '../../test/support/scheduler-harness.js';
import { runWorkflow } from './scheduler.js';
import type { StepEvent } from './scheduler.js';

const harness = useSchedulerHarness();

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
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, executor);
    expect(outcome).toEqual({ status: 'succeeded', spentUsd: 0.05, error: undefined });
    const order = executor.calls.map((call) => call.step);
    expect(order[0]).toBe('root');
    expect(order.slice(1, 4).sort()).toEqual(['a', 'b', 'c']);
    expect(order[4]).toBe('join');
    expect(executor.calls.find((call) => call.step === 'a')?.task).toBe('a after root done (plan)');
    expect(executor.calls[4]?.task).toBe('join succeeded 0.01');
    expect(executor.maxInFlight).toBe(2);
    expect(harness.checkpoints.run(runId)).toMatchObject({ status: 'succeeded', spentUsd: 0.05 });
    expect(harness.checkpoints.steps(runId)[0]).toMatchObject({
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
    const runId = harness.start(workflow);
    const outcome = await runWorkflow({
      workflow,
      runId,
      inputs: {},
      store: harness.repository,
      executor,
      onEvent: (event) => events.push(event),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe('broken failed, after-broken blocked');
    expect(harness.statuses(runId)).toEqual({
      scan: 'succeeded',
      fix: 'skipped',
      broken: 'failed',
      'after-broken': 'blocked',
      report: 'succeeded',
    });
    expect(harness.checkpoints.steps(runId).find((step) => step.stepId === 'broken')?.error).toBe(
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
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, executor);
    expect(outcome.status).toBe('succeeded');
    expect(executor.calls.map((call) => call.task)).toEqual([
      'pass 1 after []',
      'pass 2 after [pass 1]',
      'pass 3 after [pass 2]',
    ]);
    expect(harness.checkpoints.steps(runId)[0]).toMatchObject({
      iterations: 3,
      output: 'pass 3',
      costUsd: 0.03,
    });
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
    const runId = harness.start(workflow);
    const outcome = await harness.run(workflow, runId, executor);
    expect(outcome.status).toBe('succeeded');
    const cut = executor.calls.find((call) => call.step === 'cut')?.task ?? '';
    expect(cut).toBe(`${paragraph}.\n[… steps.long.output cut here: about 76 more tokens]`);
    expect(executor.calls.find((call) => call.step === 'brief')?.task).toBe(
      'summary of 454 chars in 50 tokens',
    );
    // The summary call's cost is the step's.
    expect(
      harness.checkpoints.steps(runId).find((step) => step.stepId === 'brief')?.costUsd,
    ).toBeCloseTo(0.015);
  });

  it('summarises a quoted output once per run: loops and sibling steps reuse it, unbilled', async () => {
    const workflow = compile(`
version: 1
steps:
  - {id: long, agent: research, task: long}
  - id: loop
    agent: qa
    needs: long
    repeat: {max: 3, until: 'repeat.iteration >= 3'}
    task: "{{repeat.iteration}}: {{steps.long.output}}"
    handoff: {maxTokens: 50, summarize: true}
  - {id: sibling, agent: qa, needs: long, task: "{{steps.long.output}}", handoff: {maxTokens: 50, summarize: true}}
`);
    const executor = new ScriptedExecutor((step) =>
      step === 'long' ? 'Word '.repeat(200).trim() : 'ok',
    );
    const runId = harness.start(workflow);
    expect((await harness.run(workflow, runId, executor)).status).toBe('succeeded');
    expect(executor.summarized).toHaveLength(1);
    expect(executor.calls.filter((call) => call.step === 'loop')).toHaveLength(3);
    // One summary paid (0.005), by whichever step asked first; each step's own calls are 0.01.
    const total = harness.checkpoints.steps(runId).reduce((sum, step) => sum + step.costUsd, 0);
    expect(total).toBeCloseTo(0.01 + 0.03 + 0.01 + 0.005);
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
    const runId = harness.start(workflow);
    expect((await harness.run(workflow, runId, executor)).status).toBe('succeeded');
    expect(executor.calls.map((call) => call.task)).toEqual(['pass 1', 'pass 2', 'pass 3']);
  });
});
