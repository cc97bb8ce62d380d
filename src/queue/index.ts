export { parseQueueUrl } from './queue-url.js';
export type { QueueUrl } from './queue-url.js';
export { REDIS_GIVE_UP_MS, connectRedis } from './redis-connection.js';
export type { RedisConnectionOptions } from './redis-connection.js';
export { RATE_LIMIT_PREFIX, SharedRateLimit, createSharedRateLimit } from './shared-rate-limit.js';
export type { SharedRateLimitOptions } from './shared-rate-limit.js';
export { installSharedRateLimit } from './install-shared-rate-limit.js';
export type { InstallSharedRateLimitOptions } from './install-shared-rate-limit.js';
