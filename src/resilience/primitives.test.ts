import { describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../../test/support/manual-clock.js';
import { fullJitterDelay } from './backoff.js';
import { abortReason } from './clock.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { Coalescer } from './coalescer.js';
import { Semaphore } from './semaphore.js';

describe('fullJitterDelay', () => {
  it('draws from [0, min(max, base·2^(n-1)))', () => {
    expect(fullJitterDelay(1, { baseMs: 100 }, () => 0.999)).toBe(99);
    expect(fullJitterDelay(4, { baseMs: 100 }, () => 0.5)).toBe(400);
    expect(fullJitterDelay(30, { baseMs: 100, maxMs: 2_000 }, () => 0.5)).toBe(1_000);
    expect(fullJitterDelay(3, {}, () => 0)).toBe(0);
  });
});

describe('Semaphore', () => {
  it('admits up to its limit and serves waiters first come, first served', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const first = await semaphore.acquire();
    await semaphore.acquire();
    const waiting = [3, 4].map((id) =>
      semaphore.acquire().then((release) => {
        order.push(id);
        return release;
      }),
    );
    await settle();
    expect(order).toEqual([]);
    first();
    first(); // a second release of the same slot does nothing
    await settle();
    expect(order).toEqual([3]);
    expect(semaphore.inUse).toBe(2);
    (await waiting[0])?.();
    await settle();
    expect(order).toEqual([3, 4]);
  });

  it('drops an aborted waiter without taking a slot', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiter = semaphore.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiter).rejects.toThrow('stop');
    release();
    expect(semaphore.inUse).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('CircuitBreaker', () => {
  it('opens on consecutive overload only, probes once after the cooldown', async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 }, clock);
    breaker.failed(true);
    breaker.failed(true);
    breaker.succeeded(); // the run is broken
    breaker.failed(true);
    breaker.failed(false); // not overload: not counted
    breaker.failed(true);
    expect(breaker.state).toBe('closed');
    breaker.failed(true);
    expect(breaker.state).toBe('open');
    expect(() => {
      breaker.check();
    }).toThrow(/overloaded/);
    await clock.advance(1_000);
    expect(breaker.state).toBe('half-open');
    breaker.check(); // the probe
    expect(() => {
      breaker.check();
    }).toThrow(/overloaded/); // only one probe at a time
    breaker.failed(true);
    expect(breaker.state).toBe('open');
    await clock.advance(1_000);
    breaker.check();
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
  });
});

describe('Coalescer', () => {
  it('aborts the shared call only when every waiter has given up', async () => {
    const coalescer = new Coalescer<string>();
    let sharedSignal: AbortSignal | undefined;
    const start = (signal: AbortSignal | undefined): Promise<string> => {
      sharedSignal = signal;
      return new Promise((_, reject) => {
        signal?.addEventListener('abort', () => {
          reject(abortReason(signal));
        });
      });
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = coalescer.run('k', start, first.signal);
    const b = coalescer.run('k', start, second.signal);
    expect([a.shared, b.shared]).toEqual([false, true]);
    first.abort(new Error('first gave up'));
    await expect(a.promise).rejects.toThrow('first gave up');
    expect(sharedSignal?.aborted).toBe(false);
    second.abort(new Error('second gave up'));
    await expect(b.promise).rejects.toThrow('second gave up');
    expect(sharedSignal?.aborted).toBe(true);
    await settle();
    expect(coalescer.size).toBe(0);
  });

  it('gives the call no signal when its first caller cannot abort', async () => {
    const coalescer = new Coalescer<string>();
    const signals: (AbortSignal | undefined)[] = [];
    const start = (signal: AbortSignal | undefined): Promise<string> => {
      signals.push(signal);
      return Promise.resolve('done');
    };
    const first = coalescer.run('k', start);
    const second = coalescer.run('k', start, new AbortController().signal);
    expect(second.shared).toBe(true);
    await expect(Promise.all([first.promise, second.promise])).resolves.toEqual(['done', 'done']);
    expect(signals).toEqual([undefined]);
  });
});
