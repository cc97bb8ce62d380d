import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../test/support/child-bundle.js';
import { redisUnavailable, startRedis } from '../../test/support/redis-server.js';
import type { RedisServer } from '../../test/support/redis-server.js';

const R = 20;
const SEND_MS = 3_000;
const unavailable = redisUnavailable();

/** What the server receiving the workers' requests saw, on its one clock (ms). */
interface Arrivals {
  readonly requests: number[];
  readonly paused: number[];
}

let redis: RedisServer;
let server: Server;
let serverUrl: string;
let workerBundle: ReturnType<typeof bundleChild>;
let arrivals: Arrivals = { requests: [], paused: [] };

beforeAll(async () => {
  if (unavailable !== undefined) return;
  workerBundle = bundleChild(new URL('./test-fixtures/rate-limited-worker.ts', import.meta.url));
  redis = await startRedis();
  server = createServer((request, response) => {
    const at = performance.now();
    if (request.url === '/request') arrivals.requests.push(at);
    else if (request.url === '/paused') arrivals.paused.push(at);
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; // a TCP server
});

afterAll(async () => {
  if (unavailable !== undefined) return;
  workerBundle.remove();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await redis.stop();
});

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
}

function startWorker(args: readonly string[]): Worker {
  const child = spawn(process.execPath, [workerBundle.path, redis.url, serverUrl, ...args], {
    cwd: workerBundle.cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stderr });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) resolve();
    });
    exited.then(({ code }) => {
      reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`));
    }, reject);
  });
  return { child, ready, exited };
}

/** Starts the workers together and waits for all of them to finish cleanly. */
async function run(workerArgs: readonly (readonly string[])[]): Promise<Arrivals> {
  arrivals = { requests: [], paused: [] };
  const workers = workerArgs.map(startWorker);
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.end('go\n');
    const results = await Promise.all(workers.map((worker) => worker.exited));
    expect(results).toEqual(workers.map(() => ({ code: 0, stderr: '' })));
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
  }
  return arrivals;
}

/** The most requests in any window [t, t + 1000 ms): the windows starting at an arrival suffice. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    const from = sorted[start] ?? 0;
    while (end < sorted.length && (sorted[end] ?? 0) < from + 1_000) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

// Skipped only when no redis-server can start here, and then the title says why.
const suite = unavailable === undefined ? describe : describe.skip;

const title = `SharedRateLimit across processes${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`;

suite(title, () => {
  it(`holds three workers to ${R} requests/s together, over every sliding second`, async () => {
    const send = ['throughput', String(R), 'send', String(SEND_MS)];
    const { requests } = await run([send, send, send]);
    const achieved = requests.length / (SEND_MS / 1_000);
    const busiest = busiestSecond(requests);
    console.info(
      `shared rate limit: ${requests.length} requests in ${SEND_MS} ms (${achieved.toFixed(1)}/s), busiest second ${busiest}`,
    );
    expect(achieved).toBeGreaterThanOrEqual(0.9 * R);
    expect(busiest).toBeLessThanOrEqual(1.2 * R);
  }, 20_000);

  it('holds every worker off while one of them pauses the limit', async () => {
    const send = ['pausing', String(R), 'send', '2500'];
    const { requests, paused } = await run([
      send,
      send,
      ['pausing', String(R), 'pause', '700', '500'],
    ]);
    const pausedAt = paused[0];
    expect(pausedAt).toBeDefined();
    if (pausedAt === undefined) return;
    // Requests were flowing before the pause (700 ms at 20/s)...
    expect(requests.filter((at) => at < pausedAt).length).toBeGreaterThanOrEqual(10);
    // The pause was stored before `/paused` was sent: a request arriving in the next 500 ms
    // could only be one granted just before it, still in flight (a few ms; more on a busy host).
    const during = requests.filter((at) => at > pausedAt + 50 && at < pausedAt + 450);
    expect(during).toEqual([]);
    // And the workers carried on after it.
    expect(requests.filter((at) => at >= pausedAt + 450).length).toBeGreaterThan(0);
  }, 20_000);
});
