import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { QueueError } from '../errors.js';
// Through the engine's bundle: its model clients, not a copy of them, get the limit.
import { setSharedLimit } from '../engine/engine.bundle.js';
import { createSharedRateLimit } from './shared-rate-limit.js';
import type { SharedRateLimit } from './shared-rate-limit.js';

export interface InstallSharedRateLimitOptions {
  /** The worker's connection (from `connectRedis`); the limit never closes it. */
  readonly redis: Redis;
  /** Where `queue.requestsPerSecond` comes from. */
  readonly config: Pick<Config, 'queue'>;
  /** Told when a pause cannot be stored in Redis. @default ignored */
  readonly onError?: (error: QueueError) => void;
}

/**
 * Puts the shared limit `queue.requestsPerSecond` asks for on every model client this process
 * has made or will make (a queue worker calls this once, at start), and returns it; for 0 it
 * removes any shared limit and returns undefined. Faces call this, not the resilience layer.
 */
export function installSharedRateLimit(
  options: InstallSharedRateLimitOptions,
): SharedRateLimit | undefined {
  const limit = createSharedRateLimit({
    redis: options.redis,
    requestsPerSecond: options.config.queue.requestsPerSecond,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  setSharedLimit(limit);
  return limit;
}
