import type { Redis, RedisOptions } from 'ioredis';
import { QueueError } from '../errors.js';
import { requireOptional } from '../files/index.js';
import type { QueueUrl } from './queue-url.js';

/** How long a connection may stay down, at start or later, before we give up on it. */
export const REDIS_GIVE_UP_MS = 10_000;

export interface RedisConnectionOptions {
  /** Called once when the connection is lost for good (no reconnect within REDIS_GIVE_UP_MS). */
  readonly onLost?: (error: QueueError) => void;
  /** @default REDIS_GIVE_UP_MS */
  readonly giveUpMs?: number;
}

type RedisConstructor = new (url: string, options: RedisOptions) => Redis;

function unreachable(queue: QueueUrl, cause: unknown): QueueError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new QueueError(
    'queue.unreachable',
    `cannot reach Redis at ${queue.shown}: ${reason.replace(queue.url, queue.shown)}`,
    {
      hint: 'start Redis (redis-server) or fix the URL (--queue or queue.url)',
      cause,
      exitCode: 1,
    },
  );
}

/**
 * A Redis connection that is up before it is returned, or a `queue.unreachable` error within
 * `giveUpMs`. Reconnects after a drop, but only for `giveUpMs`: then `onLost` is told and
 * commands fail, never an endless silent retry. Suitable for BullMQ (maxRetriesPerRequest null).
 */
export async function connectRedis(
  queue: QueueUrl,
  options: RedisConnectionOptions = {},
): Promise<Redis> {
  const giveUpMs = options.giveUpMs ?? REDIS_GIVE_UP_MS;
  const IORedis = (
    requireOptional('ioredis', 'the job queue (--queue, queue.url)') as {
      Redis: RedisConstructor;
    }
  ).Redis;
  let downSince: number | undefined;
  let lastError: unknown;
  let lost = false;
  const redis = new IORedis(queue.url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: Math.min(giveUpMs, 10_000),
    retryStrategy: () => {
      downSince ??= Date.now();
      if (Date.now() - downSince >= giveUpMs) return null;
      return 250;
    },
  });
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  redis.on('ready', () => {
    downSince = undefined;
  });
  redis.on('end', () => {
    if (lost) return;
    lost = true;
    options.onLost?.(unreachable(queue, lastError ?? 'the connection closed'));
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${Math.round(giveUpMs / 1000)} s`));
        }, giveUpMs);
      }),
    ]);
  } catch (error) {
    lost = true;
    redis.disconnect();
    throw unreachable(queue, lastError ?? error);
  } finally {
    clearTimeout(timer);
  }
  return redis;
}
