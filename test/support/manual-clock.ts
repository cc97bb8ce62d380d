import { abortReason } from '../../src/resilience/index.js';
import type { Clock } from '../../src/resilience/index.js';

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

/** Lets every pending promise callback (and I/O callback) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when a test says so: sleeps resolve in time order as `advance` passes
 * them, with promise callbacks run between timers, so retry and rate-limit logic is tested
 * exactly and instantly.
 */
export class ManualClock implements Clock {
  private time = 0;
  private readonly timers: Timer[] = [];
  /** Every sleep requested, in ms, in order: what a test asserts backoff against. */
  readonly sleeps: number[] = [];

  constructor(private readonly epochStart = Date.UTC(2026, 10, 22, 8, 0, 0)) {}

  now(): number {
    return this.time;
  }

  epochMs(): number {
    return this.epochStart + this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Pending sleeps. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due sleeps in time order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.time = Math.max(this.time, next.at);
      this.timers.splice(this.timers.indexOf(next), 1);
      next.resolve();
    }
    this.time = target;
    await settle();
  }

  /** Advances until no sleep is pending (at most `limitMs`); returns the time it took. */
  async runAll(limitMs = 3_600_000): Promise<number> {
    const start = this.time;
    for (;;) {
      await settle();
      const next = this.nextDue(start + limitMs);
      if (next === undefined) return this.time - start;
      await this.advance(next.at - this.time);
    }
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers)
      if (timer.at <= limit && (best === undefined || timer.at < best.at)) best = timer;
    return best;
  }
}
