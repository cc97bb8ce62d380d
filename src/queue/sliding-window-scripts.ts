import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The shared rate limit's state in Redis, changed only by the Lua scripts below so each check
 * and grant is one atomic step, timed by Redis's own `TIME`: the workers' clocks never enter.
 *
 * - `log`: a sorted set of the grants of the last window, each scored by its Redis time in ms
 *   (a sliding-window log: unlike a fixed-window counter, no two adjacent windows can together
 *   let 2R through, because every window of `windowMs` ending now is checked, not just the
 *   current bucket). It expires `windowMs` after the last grant, when every entry is stale.
 * - `pause`: the Redis time in ms until which no one may send, expiring when it passes.
 *
 * Grants are also spaced at least `spacingMs` apart. Without that, a full window's grants go out
 * in one burst as soon as the window slides, and the few ms each request then takes to reach the
 * provider vary: a receiver counting its own sliding second can see the tail of one burst and
 * the head of the next, up to 2R at worst. Spaced grants let that jitter add a request or two.
 *
 * Both keys carry the same hash tag, so a Redis Cluster keeps them in one slot.
 */
export interface SlidingWindowKeys {
  readonly log: string;
  readonly pause: string;
}

export function slidingWindowKeys(prefix: string, name: string): SlidingWindowKeys {
  const base = `${prefix}{${name}}`;
  return { log: `${base}:log`, pause: `${base}:pause` };
}

// Scores and times are written with string.format('%.3f'): Lua would print a number with 14
// significant digits, which for epoch milliseconds keeps only a tenth of a millisecond.
const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
`;

/**
 * KEYS: log, pause. ARGV: grants per window, window in ms, the least ms between two grants, a
 * member naming this grant uniquely. Returns 0 when the grant is recorded, or else the ms until
 * one may be: until the pause ends, until the entry whose expiry leaves room slides out of the
 * window, or until the spacing after the latest grant has passed.
 */
const ACQUIRE = `${NOW}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local spacing = tonumber(ARGV[3])
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then
  return math.ceil(pausedUntil - now)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return math.max(1, math.ceil(tonumber(freeing[2]) + window - now))
end
if count > 0 then
  local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  local next = tonumber(latest[2]) + spacing
  if next > now then
    return math.max(1, math.ceil(next - now))
  end
end
redis.call('ZADD', KEYS[1], string.format('%.3f', now), ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

/** KEYS: pause. ARGV: ms from now. Extends the pause, never shortens it. */
const PAUSE = `${NOW}
local forMs = tonumber(ARGV[1])
local untilMs = now + forMs
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(forMs))
end
return 0
`;

/** A Lua script run by its SHA1, loaded (by EVAL) only the first time a server lacks it. */
class Script {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const acquireScript = new Script(ACQUIRE);
const pauseScript = new Script(PAUSE);

/** The two atomic steps of the shared rate limit, on one connection and one pair of keys. */
export class SlidingWindowScripts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlidingWindowKeys,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly spacingMs: number,
  ) {}

  /** Records a grant named `member` and returns 0, or returns the ms to wait before asking again. */
  async acquire(member: string): Promise<number> {
    const reply = await acquireScript.run(
      this.redis,
      [this.keys.log, this.keys.pause],
      [this.limit, this.windowMs, this.spacingMs, member],
    );
    if (typeof reply !== 'number') throw new Error(`unexpected reply from Redis: ${String(reply)}`);
    return reply;
  }

  /** Removes a grant no caller took (its caller gave up while Redis was answering). */
  async release(member: string): Promise<void> {
    await this.redis.zrem(this.keys.log, member);
  }

  /** Holds every process off for `forMs` from now on Redis's clock. */
  async pause(forMs: number): Promise<void> {
    await pauseScript.run(this.redis, [this.keys.pause], [forMs]);
  }
}
