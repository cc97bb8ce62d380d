import { abortReason } from './clock.js';

/**
 * A counting semaphore with a FIFO queue: at most `limit` holders at once, waiters served in
 * arrival order. Waiting is abortable; an aborted waiter leaves the queue and takes no slot.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: { grant: () => void; reject: (reason: unknown) => void }[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`a semaphore needs a positive integer limit; got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  /** A release function when a slot is free now (call it exactly once), else undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.active >= this.limit) return undefined;
    this.active += 1;
    return this.releaser();
  }

  /** Resolves with a release function once a slot is free. Call it exactly once. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const release = this.tryAcquire();
    if (release !== undefined) return Promise.resolve(release);
    return new Promise<() => void>((resolve, reject) => {
      if (signal === undefined) {
        this.waiters.push({
          grant: () => {
            resolve(this.releaser());
          },
          reject,
        });
        return;
      }
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next === undefined) this.active -= 1;
      else next.grant();
    };
  }
}
