/**
 * Child process for shared-rate-limit-workers.int.test.ts, bundled with esbuild so it runs our
 * real SharedRateLimit. Usage:
 *
 *   node rate-limited-worker.mjs <redis url> <server url> <limit name> <requests/s> send <ms>
 *   node rate-limited-worker.mjs <redis url> <server url> <limit name> <requests/s> pause <after ms> <for ms>
 *
 * It connects, warms its HTTP connections, prints `ready` and waits for one line on stdin (the
 * parent's start signal, so every worker starts at once). `send`: SENDERS loops each acquire a
 * grant and send one request to the server, as fast as the limit allows, for <ms>. `pause`:
 * after <after ms> it stores a shared pause of <for ms>, then tells the server `/paused`.
 */
import { parseQueueUrl } from '../queue-url.js';
import { connectRedis } from '../redis-connection.js';
import { SharedRateLimit } from '../shared-rate-limit.js';

/** Callers in this process at once, so its local queue is exercised too. */
const SENDERS = 4;

const [redisUrl, serverUrl, name, perSecond, mode, first, second] = process.argv.slice(2);
if (
  redisUrl === undefined ||
  serverUrl === undefined ||
  name === undefined ||
  perSecond === undefined ||
  (mode !== 'send' && mode !== 'pause') ||
  first === undefined
) {
  process.stderr.write('usage: rate-limited-worker <redis> <server> <name> <r/s> send|pause ...\n');
  process.exit(2);
}

async function send(path: string): Promise<void> {
  const response = await fetch(new URL(path, serverUrl));
  await response.arrayBuffer();
}

const redis = await connectRedis(parseQueueUrl(redisUrl));
const limit = new SharedRateLimit({ redis, name, requestsPerSecond: Number(perSecond) });
await Promise.all(Array.from({ length: SENDERS }, () => send('/warmup')));

process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.once('data', () => {
    resolve();
  });
});
process.stdin.destroy();

try {
  if (mode === 'send') {
    // Aborts the acquires still waiting when the time is up.
    const stop = AbortSignal.timeout(Number(first));
    const sender = async (): Promise<void> => {
      while (!stop.aborted) {
        try {
          await limit.acquire(stop);
        } catch (error) {
          if (stop.aborted) return;
          throw error;
        }
        await send('/request');
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
  } else {
    await new Promise((resolve) => setTimeout(resolve, Number(first)));
    await limit.pauseFor(Number(second));
    await send('/paused');
  }
} finally {
  await redis.quit();
}
