import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from '../../../test/support/postgres-server.js';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import { ScriptedExecutor, compile, iteration } from '../../../test/support/scheduler-harness.js';
import type { CompiledWorkflow } from '../../workflow/validate-workflow.js';
import { runWorkflow } from '../../workflow/scheduler.js';
import type { SharedStore } from './index.js';
import { openSharedStore } from './index.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined)
  console.warn(`skipping the Postgres checkpoint tests: ${unavailable}`);

const WORKFLOW = `
version: 1
maxConcurrency: 2
steps:
  - {id: root, agent: pm, task: plan}
  - {id: a, agent: qa, needs: root, task: "a after {{steps.root.output}}"}
  - {id: b, agent: qa, needs: root, task: b}
  - {id: join, agent: pm, needs: [a, b], task: "join {{steps.a.status}}"}
`;

describe.skipIf(unavailable !== undefined)('PgCheckpoints on a real Postgres', () => {
  let server: PostgresServer;
  let store: SharedStore;
  let workflow: CompiledWorkflow;
  let runs = 0;

  beforeAll(async () => {
    server = await startPostgres();
    store = await openSharedStore(server.url, { now: () => 1_000 });
    workflow = compile(WORKFLOW);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  async function start(pid: number | null = 1): Promise<string> {
    runs += 1;
    const id = `run-${runs}`;
    await store.checkpoints.createRun({
      id,
      file: 'test.yaml',
      definition: workflow.definition,
      inputs: { topic: 'x' },
      options: { provider: 'sim', model: undefined },
      pid: pid ?? undefined,
    });
    return id;
  }

  it('records a run and its steps, pending, in definition order', async () => {
    const id = await start(null);
    const run = await store.checkpoints.run(id);
    expect(run).toMatchObject({
      id,
      name: workflow.definition.name,
      status: 'running',
      spentUsd: 0,
      pid: undefined,
      pidStarted: undefined,
      inputs: { topic: 'x' },
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(run?.definition).toEqual(workflow.definition);
    const steps = await store.checkpoints.steps(id);
    expect(steps.map((step) => [step.stepId, step.status])).toEqual([
      ['root', 'pending'],
      ['a', 'pending'],
      ['b', 'pending'],
      ['join', 'pending'],
    ]);
    expect(await store.checkpoints.run('nope')).toBeUndefined();
    expect(await store.checkpoints.step(id, 'nope')).toBeUndefined();
    expect((await store.checkpoints.runs(100)).map((record) => record.id)).toContain(id);
  });

  it('starts a step only while pending or running, and bills an iteration once', async () => {
    const id = await start();
    expect(await store.checkpoints.startStep(id, 'root')).toBe(true);
    const results = await Promise.all([
      store.checkpoints.completeIteration(id, 'root', 1, iteration('out', 0.25), true),
      store.checkpoints.completeIteration(id, 'root', 1, iteration('out', 0.25), true),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(
      await store.checkpoints.completeIteration(id, 'root', 1, iteration('o', 0.25), true),
    ).toBe(false);
    expect(await store.checkpoints.startStep(id, 'root')).toBe(false);
    expect((await store.checkpoints.run(id))?.spentUsd).toBe(0.25);
    expect(await store.checkpoints.step(id, 'root')).toMatchObject({
      status: 'succeeded',
      iterations: 1,
      output: 'out',
      costUsd: 0.25,
      cached: false,
      usage: { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 },
      startedAt: 1_000,
      finishedAt: 1_000,
    });
    await store.checkpoints.addStepCost(id, 'root', 0.5);
    expect((await store.checkpoints.run(id))?.spentUsd).toBe(0.75);
    await store.checkpoints.finishStep(id, 'root', 'failed', 'too late');
    expect((await store.checkpoints.step(id, 'root'))?.status).toBe('succeeded');
    await store.checkpoints.finishStep(id, 'a', 'blocked', 'root failed');
    expect(await store.checkpoints.step(id, 'a')).toMatchObject({
      status: 'blocked',
      error: 'root failed',
    });
  });

  it("keeps an iteration's escalation with the step, and clears it when the next did not", async () => {
    const id = await start();
    await store.checkpoints.startStep(id, 'root');
    const usage = { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 };
    const escalation = {
      reason: 'max_tokens' as const,
      detail: 'the answer was cut off at max_tokens',
      from: { model: 'small', stopReason: 'max_tokens', usage, costUsd: 0.01, cached: false },
      tier: 'sonnet',
      to: { model: 'm', stopReason: 'end_turn', usage, costUsd: 0.1, cached: false },
      skipped: null,
    };
    const escalated = { ...iteration('out', 0.11), escalation };
    expect(await store.checkpoints.completeIteration(id, 'root', 1, escalated, false)).toBe(true);
    expect((await store.checkpoints.step(id, 'root'))?.escalation).toEqual(escalation);
    expect(
      await store.checkpoints.completeIteration(id, 'root', 2, iteration('again', 0.2), true),
    ).toBe(true);
    expect((await store.checkpoints.step(id, 'root'))?.escalation).toBeUndefined();
  });

  it('lets exactly one of two concurrent resumers reopen a run', async () => {
    const id = await start();
    await store.checkpoints.startStep(id, 'root');
    await store.checkpoints.finishStep(id, 'root', 'failed', 'boom');
    await store.checkpoints.setRunStatus(id, 'failed', 'boom');
    const seen = { status: 'failed' as const, pid: undefined };
    const [first, second] = await Promise.all([
      store.checkpoints.reopen(id, 11, seen),
      store.checkpoints.reopen(id, 12, seen),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const run = await store.checkpoints.run(id);
    expect(run).toMatchObject({ status: 'running', error: undefined });
    expect(run?.pid).toBe(first ? 11 : 12);
    expect((await store.checkpoints.step(id, 'root'))?.status).toBe('pending');
    // A queued run (no pid) is taken over by matching NULL with NULL.
    await store.checkpoints.setRunStatus(id, 'failed', 'again');
    expect(await store.checkpoints.reopen(id, undefined, seen)).toBe(true);
    expect(await store.checkpoints.reopen(id, undefined, seen)).toBe(false);
  });

  it('cancels an abandoned run, its running steps pending again', async () => {
    const id = await start();
    await store.checkpoints.startStep(id, 'root');
    await store.checkpoints.cancelAbandoned(id, 'process 1 is gone');
    expect(await store.checkpoints.run(id)).toMatchObject({
      status: 'cancelled',
      error: 'process 1 is gone',
      pid: undefined,
    });
    expect((await store.checkpoints.step(id, 'root'))?.status).toBe('pending');
  });

  it('runs a workflow through the scheduler, and a resume after a failure bills nothing twice', async () => {
    const id = await start();
    const failing = new ScriptedExecutor();
    failing.failing.add('b');
    const first = await runWorkflow({
      workflow,
      runId: id,
      inputs: {},
      store: store.checkpoints,
      executor: failing,
    });
    expect(first.status).toBe('failed');
    const run = await store.checkpoints.run(id);
    expect(
      await store.checkpoints.reopen(id, 2, { status: run?.status ?? 'failed', pid: run?.pid }),
    ).toBe(true);
    const executor = new ScriptedExecutor();
    const outcome = await runWorkflow({
      workflow,
      runId: id,
      inputs: {},
      store: store.checkpoints,
      executor,
    });
    expect(outcome).toEqual({ status: 'succeeded', spentUsd: 0.04, error: undefined });
    // root and a succeeded in the first run; only b and join ran again.
    expect(executor.calls.map((call) => call.step)).toEqual(['b', 'join']);
    expect(executor.calls[1]?.task).toBe('join succeeded');
    const statuses = (await store.checkpoints.steps(id)).map((step) => step.status);
    expect(statuses).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });
});
