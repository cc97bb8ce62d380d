/**
 * What an injected fault does:
 * - `rate-limit`: 429 `rate_limit_error` with `retry-after`.
 * - `overloaded`: 529 `overloaded_error`.
 * - `server-error`: 500 `api_error`.
 * - `connection-reset`: the socket is destroyed without a response.
 * - `slow`: waits `delayMs` before handling the request normally.
 * - `hang`: never responds; the socket stays open until the client gives up or `close()`.
 * - `truncated-stream` (streams only): the connection drops after `deltasBeforeFault` deltas.
 * - `malformed-event` (streams only): after `deltasBeforeFault` deltas, an event whose data is
 *   not JSON, then the stream ends.
 * - `stream-error` (streams only): after `deltasBeforeFault` deltas, an `error` event carrying
 *   `overloaded_error`, as the real API sends mid-stream, then the stream ends.
 */
export type FaultKind =
  | 'rate-limit'
  | 'overloaded'
  | 'server-error'
  | 'connection-reset'
  | 'slow'
  | 'hang'
  | 'truncated-stream'
  | 'malformed-event'
  | 'stream-error';

export interface FaultOptions {
  readonly kind: FaultKind;
  /**
   * How many matching requests fail. Without `probability`, these are the next `count`
   * matching requests; with it, at most `count` of them fail.
   * @default 1 without `probability`, unlimited with it
   */
  readonly count?: number;
  /**
   * Fail each matching request with this probability (0 to 1), drawn from a PRNG seeded with
   * `seed`, so the same request sequence fails at the same places on every run.
   * @default undefined (the next `count` requests fail)
   */
  readonly probability?: number;
  /** Seed of this fault's PRNG. @default the server's `seed` option */
  readonly seed?: number;
  /** The request path this fault applies to. @default '/v1/messages' */
  readonly path?: string;
  /** `retry-after` in seconds on error responses. @default 1 for `rate-limit`, else none */
  readonly retryAfterSeconds?: number;
  /** Sends `x-should-retry: true|false` on error responses. @default no header */
  readonly shouldRetry?: boolean;
  /** How long `slow` waits before the response starts, in ms. @default 1000 */
  readonly delayMs?: number;
  /** Text or JSON deltas a stream fault sends before it strikes. @default 1 */
  readonly deltasBeforeFault?: number;
}

/** A fault chosen for one request, with its defaults resolved. */
export interface Fault {
  readonly kind: FaultKind;
  readonly retryAfterSeconds: number | undefined;
  readonly shouldRetry: boolean | undefined;
  readonly delayMs: number;
  readonly deltasBeforeFault: number;
}

/** Stream faults need a response under way, so they are chosen when the stream starts. */
export type FaultPhase = 'arrival' | 'stream';

const STREAM_KINDS: ReadonlySet<FaultKind> = new Set([
  'truncated-stream',
  'malformed-event',
  'stream-error',
]);

interface FaultRule {
  readonly fault: Fault;
  readonly path: string;
  readonly phase: FaultPhase;
  readonly probability: number | undefined;
  readonly random: () => number;
  remaining: number;
}

/** Faults in the order they were injected; the first one that fires on a request wins. */
export class FaultInjector {
  readonly #rules: FaultRule[] = [];
  readonly #defaultSeed: number;

  constructor(defaultSeed: number) {
    this.#defaultSeed = defaultSeed;
  }

  add(options: FaultOptions): void {
    const { probability, count, delayMs, deltasBeforeFault, retryAfterSeconds } = options;
    if (probability !== undefined && !(probability >= 0 && probability <= 1))
      throw new RangeError(`probability must be between 0 and 1, got ${probability}`);
    if (count !== undefined && !(Number.isInteger(count) && count >= 1))
      throw new RangeError(`count must be a positive integer, got ${count}`);
    for (const [name, value] of Object.entries({ delayMs, deltasBeforeFault }))
      if (value !== undefined && !(Number.isInteger(value) && value >= 0))
        throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    if (retryAfterSeconds !== undefined && !(retryAfterSeconds >= 0))
      throw new RangeError(`retryAfterSeconds must not be negative, got ${retryAfterSeconds}`);
    this.#rules.push({
      fault: {
        kind: options.kind,
        retryAfterSeconds: retryAfterSeconds ?? (options.kind === 'rate-limit' ? 1 : undefined),
        shouldRetry: options.shouldRetry,
        delayMs: delayMs ?? 1_000,
        deltasBeforeFault: deltasBeforeFault ?? 1,
      },
      path: options.path ?? '/v1/messages',
      phase: STREAM_KINDS.has(options.kind) ? 'stream' : 'arrival',
      probability,
      random: mulberry32(options.seed ?? this.#defaultSeed),
      remaining: count ?? (probability === undefined ? 1 : Number.POSITIVE_INFINITY),
    });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The fault that strikes this request at this phase, if any; consumes it. */
  take(path: string, phase: FaultPhase): Fault | undefined {
    for (const [index, rule] of this.#rules.entries()) {
      if (rule.path !== path || rule.phase !== phase) continue;
      if (rule.probability !== undefined && rule.random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules.splice(index, 1);
      return rule.fault;
    }
    return undefined;
  }
}

/** A small, fast, seedable PRNG (Mulberry32): uniform in [0, 1), the same sequence per seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
