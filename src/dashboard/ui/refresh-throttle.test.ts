import { describe, expect, it } from 'vitest';
import { RefreshThrottle } from './refresh-throttle.js';

/** A manual clock and timer queue, and a run that finishes when the test says. */
function harness(intervalMs = 1000) {
  let now = 0;
  const timers: { at: number; callback: () => void }[] = [];
  const starts: number[] = [];
  const finishers: (() => void)[] = [];
  const throttle = new RefreshThrottle({
    intervalMs,
    now: () => now,
    setTimer: (callback, ms) => {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1);
    },
    run: () =>
      new Promise<void>((resolve) => {
        starts.push(now);
        finishers.push(resolve);
      }),
  });
  const advance = async (ms: number) => {
    now += ms;
    for (const timer of timers.filter((candidate) => candidate.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.callback();
    }
    await Promise.resolve();
  };
  const finish = async () => {
    finishers.shift()?.();
    for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
  };
  return { throttle, starts, advance, finish, timers };
}

describe('RefreshThrottle', () => {
  it('runs the first request at once and folds a burst into one run per interval', async () => {
    const { throttle, starts, advance, finish } = harness();
    throttle.request();
    expect(starts).toEqual([0]);
    for (let index = 0; index < 50; index += 1) {
      await advance(10);
      throttle.request();
    }
    await finish();
    expect(starts).toEqual([0]); // the interval has not passed: 500 ms since the start
    await advance(500);
    expect(starts).toEqual([0, 1000]);
    await finish();
    await advance(5000);
    expect(starts).toEqual([0, 1000]); // nothing asked since
  });

  it('never starts a run while one is in flight', async () => {
    const { throttle, starts, advance, finish } = harness();
    throttle.request();
    await advance(1500);
    throttle.request();
    await advance(1500);
    expect(starts).toEqual([0]);
    await finish();
    expect(starts).toEqual([0, 3000]);
  });

  it('starts nothing after close', async () => {
    const { throttle, starts, advance, finish, timers } = harness();
    throttle.request();
    throttle.request();
    await finish();
    throttle.close();
    expect(timers).toHaveLength(0);
    await advance(2000);
    throttle.request();
    expect(starts).toEqual([0]);
  });
});
