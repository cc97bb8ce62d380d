// Scale-out on BullMQ and Redis (issue 18), against the loopback fake Messages API with 50 ms
// latency and a real redis-server: agent runs per second with 3 workers against 1 (each at
// concurrency 2), a global limit of 20 requests/s shared by 3 workers (as the fake server's
// log sees it, over every sliding second), and a worker killed with SIGKILL mid-step (no lost
// step, no finished step asked again).
import { bundleForBench } from './bundle.mjs';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';

const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const execFileAsync = promisify(execFile);
const PREFIX = 'claude-hybrid';
const LATENCY_MS = 50;
const RATE = 20;

async function loadModules() {
  const file = bundleForBench(
    'queue',
    "export { startFakeAnthropic } from './test/support/fake-anthropic.ts'; export { startRedis, redisUnavailable } from './test/support/redis-server.ts';",
    ['@anthropic-ai/sdk', 'vitest'],
  );
  return import(file);
}

async function project(home, fake, extra = {}) {
  const dir = join(home, 'project');
  mkdirSync(dir, { recursive: true });
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_HYBRID_HOME: join(home, '.claude-hybrid'),
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: fake.baseUrl,
    ...extra,
  };
  await execFileAsync(process.execPath, [CLI, 'init'], { cwd: dir, env });
  return { cwd: dir, env };
}

/** Starts `count` workers; resolves once each says it is ready. */
async function startWorkers(count, url, where, concurrency = 2) {
  const workers = [];
  for (let index = 0; index < count; index += 1) {
    const child = spawn(
      process.execPath,
      [CLI, 'worker', '--queue', url, '--concurrency', String(concurrency)],
      { cwd: where.cwd, env: where.env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    workers.push({ child, exited, log: () => log });
  }
  await until(() => workers.every((worker) => worker.log().includes('worker ready')), 20_000);
  return workers;
}

async function stopWorkers(workers) {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
}

async function until(condition, timeoutMs, what = 'a condition') {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

/** Enqueues `count` distinct agent runs and resolves when all have finished; returns seconds. */
async function runBatch(queue, events, count, label) {
  const started = performance.now();
  const jobs = await queue.addBulk(
    Array.from({ length: count }, (_, index) => {
      const runId = `${label}-${index}`;
      return {
        name: 'agent-run',
        data: {
          kind: 'agent-run',
          runId,
          task: `explain part ${index} of ${label}`,
          agent: 'engineer',
          model: 'haiku',
          provider: 'anthropic',
          cache: false,
        },
        opts: { jobId: `run-${runId}`, removeOnComplete: true, removeOnFail: true },
      };
    }),
  );
  await Promise.all(jobs.map((job) => job.waitUntilFinished(events)));
  return (performance.now() - started) / 1000;
}

/** The most requests received in any sliding window of `windowMs` (each window starts at one). */
function maxInWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

const CHAIN = `version: 1
name: chain
steps:
  - { id: first, agent: engineer, model: haiku, task: "STEP-FIRST: plan it" }
  - { id: second, agent: engineer, model: haiku, needs: [first], task: "STEP-SECOND: build it" }
  - { id: third, agent: qa, model: haiku, needs: [second], task: "STEP-THIRD: test it" }
  - { id: fourth, agent: qa, model: haiku, needs: [third], task: "STEP-FOURTH: ship it" }
`;

function stepRequests(fake) {
  const counts = new Map();
  for (const request of fake.requests) {
    if (request.path !== '/v1/messages') continue;
    const marker = /STEP-[A-Z]+/.exec(JSON.stringify(request.body?.messages ?? []))?.[0];
    if (marker !== undefined) counts.set(marker, (counts.get(marker) ?? 0) + 1);
  }
  return counts;
}

export async function queue() {
  const { startFakeAnthropic, startRedis, redisUnavailable } = await loadModules();
  const missing = redisUnavailable();
  if (missing !== undefined) {
    process.stderr.write(`bench: queue skipped: ${missing}\n`);
    return [];
  }
  const results = [];
  const redis = await startRedis();
  const home = mkdtempSync(join(tmpdir(), 'claude-hybrid-bench-queue-'));
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const calls = new Queue('calls', { connection, prefix: PREFIX });
  const eventsConnection = connection.duplicate();
  const events = new QueueEvents('calls', { connection: eventsConnection, prefix: PREFIX });
  events.setMaxListeners(0);
  calls.setMaxListeners(0);
  await events.waitUntilReady();
  try {
    // Throughput: 1 worker, then 3, each at concurrency 2, on the same batch size.
    const fake = await startFakeAnthropic({ latencyMs: LATENCY_MS });
    try {
      const where = await project(join(home, 'throughput'), fake);
      const perSecond = {};
      for (const count of [1, 3]) {
        const workers = await startWorkers(count, redis.url, where);
        try {
          await runBatch(calls, events, 6 * count, `warm${count}`);
          const rounds = [];
          for (let round = 0; round < 3; round += 1) {
            const jobs = 40 * count;
            rounds.push(jobs / (await runBatch(calls, events, jobs, `w${count}r${round}`)));
          }
          rounds.sort((a, b) => a - b);
          perSecond[count] = rounds[1];
        } finally {
          await stopWorkers(workers);
        }
      }
      const ratio = perSecond[3] / perSecond[1];
      results.push({
        name: 'queue.throughput.3-vs-1-workers',
        value: ratio,
        unit: 'ratio',
        runsPerSecond1: perSecond[1],
        runsPerSecond3: perSecond[3],
        latencyMs: LATENCY_MS,
        concurrency: 2,
        target: '>= 2.5',
        pass: ratio >= 2.5,
      });
    } finally {
      await fake.close();
    }

    // A global limit of 20 requests/s over 3 workers, from the fake's arrival times.
    const limited = await startFakeAnthropic({ latencyMs: LATENCY_MS });
    try {
      const where = await project(join(home, 'limit'), limited, {
        CLAUDE_HYBRID_QUEUE_REQUESTS_PER_SECOND: String(RATE),
      });
      const workers = await startWorkers(3, redis.url, where);
      try {
        await runBatch(calls, events, 6, 'limit-warm');
        const before = limited.requests.length;
        await runBatch(calls, events, 120, 'limit');
        const times = limited.requests
          .slice(before)
          .filter((request) => request.path === '/v1/messages')
          .map((request) => request.receivedAt);
        const span = (Math.max(...times) - Math.min(...times)) / 1000;
        const achieved = (times.length - 1) / span;
        const most = maxInWindow(times, 1000);
        results.push({
          name: 'queue.rate-limit.achieved-vs-limit',
          value: achieved / RATE,
          unit: 'ratio',
          requests: times.length,
          requestsPerSecond: achieved,
          limit: RATE,
          target: '>= 0.9',
          pass: achieved / RATE >= 0.9,
        });
        results.push({
          name: 'queue.rate-limit.max-sliding-second-vs-limit',
          value: most / RATE,
          unit: 'ratio',
          maxInOneSecond: most,
          limit: RATE,
          target: '<= 1.2',
          pass: most / RATE <= 1.2,
        });
      } finally {
        await stopWorkers(workers);
      }
    } finally {
      await limited.close();
    }

    // SIGKILL the worker running a step mid-request: nothing lost, no finished step asked again.
    const slow = await startFakeAnthropic({ latencyMs: 1000 });
    try {
      const where = await project(join(home, 'kill'), slow);
      writeFileSync(join(where.cwd, 'chain.yaml'), CHAIN);
      const workers = await startWorkers(3, redis.url, where, 1);
      try {
        const run = execFileAsync(
          process.execPath,
          [CLI, 'workflow', 'run', 'chain.yaml', '--queue', redis.url, '--no-cache', '--json'],
          { cwd: where.cwd, env: where.env, timeout: 120_000 },
        );
        let victim;
        await until(
          () => {
            if (stepRequests(slow).get('STEP-SECOND') !== 1) return false;
            victim = workers.find((worker) => worker.log().includes('step second#1 of run'));
            return victim !== undefined;
          },
          30_000,
          'the second step to reach the model',
        );
        victim.child.kill('SIGKILL');
        const status = JSON.parse((await run).stdout);
        const counts = stepRequests(slow);
        const lost = status.steps.filter((step) => step.status !== 'succeeded').length;
        // Only the step in flight at the kill may be asked twice; every other, exactly once.
        const repeated = ['STEP-FIRST', 'STEP-THIRD', 'STEP-FOURTH'].filter(
          (marker) => counts.get(marker) !== 1,
        ).length;
        results.push({
          name: 'queue.kill-9.lost-steps',
          value: lost,
          unit: 'steps',
          status: status.status,
          target: '0',
          pass: lost === 0 && status.status === 'succeeded',
        });
        results.push({
          name: 'queue.kill-9.finished-steps-asked-again',
          value: repeated,
          unit: 'steps',
          requestsPerStep: Object.fromEntries(counts),
          target: '0',
          pass: repeated === 0,
        });
      } finally {
        await stopWorkers(workers);
      }
    } finally {
      await slow.close();
    }
  } finally {
    await events.close();
    await calls.close();
    eventsConnection.disconnect();
    connection.disconnect();
    await redis.stop();
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}
