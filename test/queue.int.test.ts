import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Library from '../src/index.js';
import { bundledModelTable } from '../src/models/index.js';
import { CALLS_QUEUE, QUEUE_PREFIX } from '../src/queue/queue-names.js';
import { isolatedEnv, runBuilt, startBuilt } from './support/cli.js';
import type { BuiltProcess } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { FakeAnthropic } from './support/fake-anthropic.js';
import { freePort } from './support/free-port.js';
import { postgresUnavailableReason, startPostgres } from './support/postgres-server.js';
import type { PostgresServer } from './support/postgres-server.js';
import { redisUnavailable, startRedis } from './support/redis-server.js';
import type { RedisServer } from './support/redis-server.js';
import { makeTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait.js';

// The built package, as users import it.
const library = (await import(
  new URL('../dist/index.mjs', import.meta.url).href
)) as typeof Library; // dist/index.mjs is built from src/index.ts

const unavailable = redisUnavailable();
if (unavailable !== undefined)
  // Said, never silent: the queue tests need a real Redis.
  process.stderr.write(`queue integration tests skipped: ${unavailable}\n`);

const start = fakeStarter();

/** Three steps in a line, each task naming itself, so the fake's log tells them apart. */
const CHAIN = `version: 1
name: chain
steps:
  - id: first
    agent: engineer
    task: STEP-FIRST write the plan
  - id: second
    agent: engineer
    needs: [first]
    task: STEP-SECOND build it after {{steps.first.output}}
  - id: third
    agent: qa
    needs: [second]
    task: STEP-THIRD test it
`;

/** Four independent steps and a merge: the fan-out. */
const FAN = `version: 1
name: fan
maxConcurrency: 4
steps:
  - { id: a, agent: engineer, task: STEP-A one }
  - { id: b, agent: engineer, task: STEP-B two }
  - { id: c, agent: qa, task: STEP-C three }
  - { id: d, agent: qa, task: STEP-D four }
  - { id: merge, agent: engineer, needs: [a, b, c, d], task: STEP-MERGE all }
`;

interface Project {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

describe.skipIf(unavailable !== undefined)('the job queue (BullMQ on a real Redis)', () => {
  let redis: RedisServer;
  let home: { dir: string; cleanup: () => void };
  const workers: BuiltProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    home = makeTempDir();
  });
  afterAll(async () => {
    await redis.stop();
    home.cleanup();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    // Each test starts from an empty queue.
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  });

  let projects = 0;
  async function project(extra: NodeJS.ProcessEnv = {}): Promise<Project> {
    projects += 1;
    const root = join(home.dir, `home-${projects}`);
    const dir = join(root, 'project');
    mkdirSync(dir, { recursive: true });
    const env = isolatedEnv(root, extra);
    expect((await runBuilt(['init'], { cwd: dir, env })).code).toBe(0);
    return { cwd: dir, env };
  }

  async function worker(where: Project, concurrency = 2): Promise<BuiltProcess> {
    const started = startBuilt(
      ['worker', '--queue', redis.url, '--concurrency', String(concurrency)],
      where,
    );
    workers.push(started);
    await waitFor(() => started.output().stderr.includes('worker ready'), 15_000, 20);
    return started;
  }

  function anthropicEnv(fake: FakeAnthropic): NodeJS.ProcessEnv {
    return { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
  }

  /**
   * How many model requests asked each step's task (its marker in the messages; the system
   * prompt may recall earlier steps' markers from memory).
   */
  function requestsPerStep(fake: FakeAnthropic): Map<string, number> {
    const counts = new Map<string, number>();
    for (const request of fake.requests) {
      const marker = /STEP-[A-Z]+/.exec(JSON.stringify(request.body?.messages ?? []))?.[0];
      if (marker !== undefined) counts.set(marker, (counts.get(marker) ?? 0) + 1);
    }
    return counts;
  }

  it('runs an agent run on a worker of another project and records its events where it was asked', async () => {
    const fake = await start();
    const workerProject = await project(anthropicEnv(fake));
    const caller = await project();
    await worker(workerProject);
    const result = await runBuilt(
      ['run', 'explain the retry policy', '--agent', 'engineer', '--queue', redis.url, '--json'],
      caller,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({ agent: 'engineer', provider: 'anthropic', attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    // The caller's project has the run's events, relayed from the worker.
    const events = await runBuilt(
      ['events', 'list', '--run', String(output.runId), '--json'],
      caller,
    );
    const { events: recorded } = JSON.parse(events.stdout) as { events: { type: string }[] };
    const types = recorded.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['run.started', 'run.completed']));
    // Progress went to standard error without --json.
    const plain = await runBuilt(
      ['run', 'explain the backoff', '--agent', 'engineer', '--queue', redis.url],
      caller,
    );
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/queued run [\w-]+ on redis:\/\/127\.0\.0\.1:\d+/);
    expect(plain.stderr).toContain('running on a worker: engineer');
  });

  it('carries escalate to the worker, for a queued run and a queued step', async () => {
    const { haiku, sonnet } = bundledModelTable().tiers;
    const fake = await start({
      defaultReply: (body) =>
        body.model === haiku
          ? { text: 'cut', stopReason: 'max_tokens' }
          : { text: '{"answer": "whole"}' },
    });
    const workerProject = await project(anthropicEnv(fake));
    const caller = await project();
    await worker(workerProject);
    const task = [
      'run',
      'explain the retry policy',
      '--agent',
      'engineer',
      '--model',
      'haiku',
      '--no-cache',
    ];
    const shown = await runBuilt([...task, '--escalate', '--queue', redis.url], caller);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe('{"answer": "whole"}\n');
    // The worker's run.escalated event, relayed, is said here as a local run says it.
    expect(shown.stderr).toContain('escalating to sonnet: the answer was cut off at max_tokens');
    const json = await runBuilt([...task, '--escalate', '--queue', redis.url, '--json'], caller);
    const result = JSON.parse(json.stdout) as Library.RunResult;
    expect(result.escalation).toMatchObject({ from: { model: haiku }, to: { model: sonnet } });
    expect(result.costUsd).toBeCloseTo(
      (result.escalation?.from.costUsd ?? 0) + (result.escalation?.to?.costUsd ?? 0),
      12,
    );
    const models = (): unknown[] => fake.requests.map((request) => request.body?.model);
    expect(models()).toEqual([haiku, sonnet, haiku, sonnet]);

    // A queued workflow runs in the workers' project (its checkpoints are there).
    writeFileSync(
      join(workerProject.cwd, 'escalating.yaml'),
      'version: 1\nsteps:\n  - id: only\n    agent: engineer\n    model: haiku\n    escalate: true\n    task: STEP-ONLY answer\n',
    );
    const flow = await runBuilt(
      ['workflow', 'run', 'escalating.yaml', '--queue', redis.url, '--json'],
      workerProject,
    );
    expect(flow.code, flow.stderr).toBe(0);
    const run = JSON.parse(flow.stdout) as { steps: { model: string; costUsd: number }[] };
    expect(models().slice(4)).toEqual([haiku, sonnet]);
    expect(run.steps[0]?.model).toBe(sonnet);
  });

  it('fans the steps of one workflow run out across three workers', async () => {
    const fake = await start({ latencyMs: 150 });
    const shared = await project(anthropicEnv(fake));
    writeFileSync(join(shared.cwd, 'fan.yaml'), FAN);
    const started = [await worker(shared), await worker(shared), await worker(shared)];
    const result = await runBuilt(['workflow', 'run', 'fan.yaml', '--queue', redis.url], shared);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('· succeeded ·');
    expect(result.stdout).toContain('── merge');
    const counts = requestsPerStep(fake);
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1]);
    // More than one worker ran steps.
    const ranSteps = started.filter((one) => /step [a-d]#1 of run/.test(one.output().stderr));
    expect(ranSteps.length).toBeGreaterThan(1);
  });

  it('detaches, and workflow status --follow reattaches to the end', async () => {
    const fake = await start({ latencyMs: 200 });
    const shared = await project(anthropicEnv(fake));
    writeFileSync(join(shared.cwd, 'chain.yaml'), CHAIN);
    await worker(shared);
    const detached = await runBuilt(
      ['workflow', 'run', 'chain.yaml', '--queue', redis.url, '--detach', '--json'],
      shared,
    );
    expect(detached.code).toBe(0);
    const { runId, status } = JSON.parse(detached.stdout) as { runId: string; status: string };
    expect(status).toBe('queued');
    const followed = await runBuilt(['workflow', 'status', runId, '--follow', '--json'], shared);
    expect(followed.code).toBe(0);
    expect(JSON.parse(followed.stdout)).toMatchObject({ runId, status: 'succeeded' });
    expect(followed.stderr).toBe('');
  });

  it('stops a queued run that workflow cancel marks cancelled, and it stays cancelled', async () => {
    const fake = await start({ latencyMs: 1000 });
    const shared = await project(anthropicEnv(fake));
    writeFileSync(join(shared.cwd, 'chain.yaml'), CHAIN);
    const one = await worker(shared);
    const detached = await runBuilt(
      ['workflow', 'run', 'chain.yaml', '--queue', redis.url, '--detach', '--json'],
      shared,
    );
    const { runId } = JSON.parse(detached.stdout) as { runId: string };
    await waitFor(() => one.output().stderr.includes('step first#1 of run'), 15_000, 20);
    const cancelled = await runBuilt(['workflow', 'cancel', runId], shared);
    expect(cancelled.code).toBe(0);
    // The coordinator notices within a second and ends the run as cancelled, not succeeded.
    await waitFor(() => one.output().stderr.includes(`workflow run ${runId} done`), 15_000, 50);
    const status = await runBuilt(['workflow', 'status', runId, '--json'], shared);
    const shown = JSON.parse(status.stdout) as { status: string; steps: { status: string }[] };
    expect(shown.status).toBe('cancelled');
    expect(requestsPerStep(fake).get('STEP-THIRD')).toBeUndefined();
  }, 60_000);

  it('loses no step and asks no finished step again when a worker is killed mid-step', async () => {
    const fake = await start({ latencyMs: 1500 });
    const shared = await project(anthropicEnv(fake));
    writeFileSync(join(shared.cwd, 'chain.yaml'), CHAIN);
    const pool = [await worker(shared, 1), await worker(shared, 1)];
    const run = startBuilt(['workflow', 'run', 'chain.yaml', '--queue', redis.url], shared);
    // Wait for the second step's request to reach the model, then kill its worker outright.
    let victim: BuiltProcess | undefined;
    await waitFor(
      () => {
        if (requestsPerStep(fake).get('STEP-SECOND') !== 1) return false;
        victim = pool.find((one) => one.output().stderr.includes('step second#1 of run'));
        return victim !== undefined;
      },
      20_000,
      10,
    );
    victim?.child.kill('SIGKILL');
    const spare = pool.find((one) => one !== victim);
    if (victim !== undefined) await victim.exited;
    const finished = await run.exited;
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('· succeeded ·');
    const counts = requestsPerStep(fake);
    // First finished before the kill: asked once. Second was in flight: asked again elsewhere.
    expect(counts.get('STEP-FIRST')).toBe(1);
    expect(counts.get('STEP-SECOND')).toBe(2);
    expect(counts.get('STEP-THIRD')).toBe(1);
    expect(spare?.output().stderr).toContain('step second#1 of run');
  }, 90_000);

  it('is reachable from the library: a worker in one hybrid, runs enqueued from another', async () => {
    const fake = await start();
    const workerSide = await project(anthropicEnv(fake));
    const callerSide = await project();
    const serving = await library.createHybrid({ cwd: workerSide.cwd, env: workerSide.env });
    const asking = await library.createHybrid({ cwd: callerSide.cwd, env: callerSide.env });
    const lines: string[] = [];
    try {
      const working = await serving.worker({
        queue: redis.url,
        concurrency: 2,
        onLog: (line) => lines.push(line),
      });
      const result = await asking.run('explain the retry policy', {
        agent: 'engineer',
        provider: 'anthropic',
        queue: redis.url,
      });
      expect(result).toMatchObject({ agent: 'engineer', provider: 'anthropic', attempts: 1 });
      expect(lines.some((line) => line.startsWith(`run ${result.runId} started`))).toBe(true);
      expect(() => asking.stream('hello', { queue: redis.url })).toThrow(/stream does not go/);
      await working.close();
      // A workflow from the library, on a worker process in the caller's project.
      await worker(callerSide);
      writeFileSync(join(callerSide.cwd, 'fan.yaml'), FAN);
      const status = await asking.workflows.run(
        'fan.yaml',
        {},
        { provider: 'sim', queue: redis.url },
      );
      expect(status.status).toBe('succeeded');
      expect(status.steps.map((step) => step.status)).toEqual(Array(5).fill('succeeded'));
    } finally {
      await Promise.all([serving.close(), asking.close()]);
    }
  });

  it('fails a poisoned job with its error and goes on with the next', async () => {
    const shared = await project();
    await worker(shared);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const calls = new Queue(CALLS_QUEUE, { connection, prefix: QUEUE_PREFIX });
    const poisoned = await calls.add('step', { kind: 'step', runId: 'r1', stepId: 's' });
    await waitFor(async () => (await poisoned.getState()) === 'failed', 10_000, 20);
    const failed = await calls.getJob(poisoned.id ?? '');
    expect(failed?.failedReason).toContain('not a claude-hybrid job: the job has no step');
    const result = await runBuilt(
      ['run', 'explain the retry policy', '--provider', 'sim', '--queue', redis.url],
      shared,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[simulated]');
    await calls.close();
    connection.disconnect();
  });

  it('fails fast with exit 1 on an unreachable Redis, naming it without its password', async () => {
    const shared = await project();
    const port = await freePort();
    const url = `redis://user:hunter2@127.0.0.1:${port}`;
    const started = performance.now();
    const run = await runBuilt(['run', 'hello', '--provider', 'sim', '--queue', url], shared);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('queue.unreachable');
    expect(run.stderr).toContain(`redis://127.0.0.1:${port}`);
    expect(run.stderr).not.toContain('hunter2');
    const work = await runBuilt(['worker', '--queue', url], shared);
    expect(work.code).toBe(1);
    expect(work.stderr).not.toContain('hunter2');
    // A workflow run is not recorded when its queue cannot be reached.
    const flow = await runBuilt(
      [
        'workflow',
        'run',
        'code-review',
        '--input',
        'change=x',
        '--provider',
        'sim',
        '--queue',
        url,
      ],
      shared,
    );
    expect(flow.code).toBe(1);
    const runs = await runBuilt(['workflow', 'runs', '--json'], shared);
    expect(JSON.parse(runs.stdout)).toEqual({ runs: [] });
    const bad = await runBuilt(['run', 'hello', '--queue', 'http://127.0.0.1:1'], shared);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('queue.invalid_url');
  });
});

const noPostgres = postgresUnavailableReason();
if (noPostgres !== undefined && unavailable === undefined)
  process.stderr.write(`the queue's shared-store test skipped: ${noPostgres}\n`);

describe.skipIf(unavailable !== undefined || noPostgres !== undefined)(
  'workers on separate machines sharing a Postgres store',
  () => {
    let redis: RedisServer;
    let postgres: PostgresServer;
    let home: { dir: string; cleanup: () => void };
    const workers: BuiltProcess[] = [];

    beforeAll(async () => {
      [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
      home = makeTempDir();
    }, 60_000);
    afterAll(async () => {
      for (const worker of workers.splice(0)) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
      await Promise.all([redis.stop(), postgres.stop()]);
      home.cleanup();
    });

    /** A machine of its own: its own home and project, the shared store in its environment. */
    async function machine(name: string, extra: NodeJS.ProcessEnv): Promise<Project> {
      const dir = join(home.dir, name, 'project');
      mkdirSync(dir, { recursive: true });
      const env = isolatedEnv(join(home.dir, name), {
        CLAUDE_HYBRID_STORE_URL: postgres.url,
        ...extra,
      });
      expect((await runBuilt(['init'], { cwd: dir, env })).code).toBe(0);
      return { cwd: dir, env };
    }

    it('runs a workflow on three workers, each on its own machine, with the run in Postgres', async () => {
      const fake = await start({ latencyMs: 150 });
      const model = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
      for (const name of ['worker-1', 'worker-2', 'worker-3']) {
        const where = await machine(name, model);
        const started = startBuilt(['worker', '--queue', redis.url, '--concurrency', '2'], where);
        workers.push(started);
        await waitFor(() => started.output().stderr.includes('worker ready'), 15_000, 20);
      }
      const caller = await machine('caller', {});
      writeFileSync(join(caller.cwd, 'fan.yaml'), FAN);
      const result = await runBuilt(
        ['workflow', 'run', 'fan.yaml', '--provider', 'anthropic', '--queue', redis.url, '--json'],
        caller,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const status = JSON.parse(result.stdout) as { runId: string; status: string };
      expect(status.status).toBe('succeeded');
      // More than one machine ran its steps.
      const ran = workers.filter((one) => /step [a-d]#1 of run/.test(one.output().stderr));
      expect(ran.length).toBeGreaterThan(1);
      // Another machine reads the same run from the shared store.
      const elsewhere = await machine('elsewhere', {});
      const seen = await runBuilt(['workflow', 'status', status.runId, '--json'], elsewhere);
      expect(JSON.parse(seen.stdout)).toMatchObject({ runId: status.runId, status: 'succeeded' });
      // The caller's own event log has the run's events, relayed from the workers.
      const events = await runBuilt(['events', 'list', '--run', status.runId, '--json'], caller);
      const { events: recorded } = JSON.parse(events.stdout) as { events: { type: string }[] };
      expect(recorded.map((event) => event.type)).toEqual(
        expect.arrayContaining(['workflow.started', 'step.completed', 'workflow.completed']),
      );
    }, 90_000);

    it('recalls on a worker what another machine told its agent, pulled before the job', async () => {
      const teller = await machine('teller', {});
      const told = await runBuilt(
        ['memory', 'add', 'engineer', 'Release notes live in docs/changes.md', '--json'],
        teller,
      );
      expect(told.code, told.stderr).toBe(0);
      expect(told.stderr).toBe('');
      const where = await machine('memory-worker', {});
      const started = startBuilt(['worker', '--queue', redis.url, '--concurrency', '1'], where);
      workers.push(started);
      await waitFor(() => started.output().stderr.includes('worker ready'), 15_000, 20);
      const caller = await machine('memory-caller', {});
      const result = await runBuilt(
        [
          'run',
          'write the release notes',
          '--agent',
          'engineer',
          '--provider',
          'sim',
          '--queue',
          redis.url,
          '--json',
        ],
        caller,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ recalledMemories: 1 });
      expect(started.output().stderr).not.toContain('shared store');
    }, 60_000);
  },
);
