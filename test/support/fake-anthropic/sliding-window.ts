/**
 * A sliding-window counter: what was spent in the last `windowMs` milliseconds. Entries are
 * kept in arrival order, so expiry only ever removes from the front; a head index avoids
 * `shift()` copies on the hot path.
 */
export class SlidingWindow {
  readonly #windowMs: number;
  #times: number[] = [];
  #amounts: number[] = [];
  #head = 0;
  #used = 0;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** What is still counted at `now`. */
  used(now: number): number {
    this.#expire(now);
    return this.#used;
  }

  add(amount: number, now: number): void {
    this.#expire(now);
    this.#times.push(now);
    this.#amounts.push(amount);
    this.#used += amount;
  }

  /** When everything counted now has left the window: the limit is fully replenished. */
  fullyReplenishedAt(now: number): number {
    this.#expire(now);
    const newest = this.#times.at(-1);
    return newest === undefined || this.#head >= this.#times.length ? now : newest + this.#windowMs;
  }

  /** The earliest time at which spending `amount` more keeps the total within `limit`. */
  fitsAt(amount: number, limit: number, now: number): number {
    this.#expire(now);
    let used = this.#used;
    for (let index = this.#head; index < this.#times.length; index += 1) {
      if (used + amount <= limit) return index === this.#head ? now : this.#expiry(index - 1);
      used -= this.#amounts[index] ?? 0;
    }
    return this.#times.length > this.#head ? this.#expiry(this.#times.length - 1) : now;
  }

  #expiry(index: number): number {
    return (this.#times[index] ?? 0) + this.#windowMs;
  }

  #expire(now: number): void {
    while (this.#head < this.#times.length && this.#expiry(this.#head) <= now) {
      this.#used -= this.#amounts[this.#head] ?? 0;
      this.#head += 1;
    }
    // Compact once the dead front outgrows the live part, keeping memory bounded.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#amounts = this.#amounts.slice(this.#head);
      this.#head = 0;
    }
  }
}
