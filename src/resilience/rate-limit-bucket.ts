import type { LimitState } from './rate-limit-headers.js';

/** With no reset time known, how long an exhausted bucket waits before letting one probe through. */
const PROBE_AFTER_MS = 1_000;

/**
 * Added to every reset before it counts. Resets come to the millisecond in wall-clock time and
 * are waited for on the monotonic clock; the two can drift apart by a fraction of a millisecond
 * during a wait, and a request sent that much early would meet a spent limit.
 */
const RESET_MARGIN_MS = 1;

/**
 * Pending reset times kept per bucket. One arrives with each response; dropping one only makes
 * the bucket wait longer (never less), so the cap bounds memory without risking the limit.
 */
const MAX_CHECKPOINTS = 4_096;

/**
 * A reported reset time, and what we had settled when the report arrived. At `at` the server
 * has replenished everything it counted when it wrote the report; what it may still count then
 * is only what it admitted after writing it, which is at most what we had not settled by the
 * time we read it (`settled` then): `capacity - (taken - settled)` is free at `at`.
 */
interface Checkpoint {
  readonly at: number;
  readonly settled: number;
}

/**
 * One limit (requests or tokens). Until the server has reported on it, a token bucket that
 * refills continuously at the configured rate. Once a response has reported the limit, the
 * server is the only source of truth: the level is what it said remains, less what we sent
 * and have not seen answered, and it grows only with the next report or as reported reset
 * times pass. Every report's reset counts, not only the latest: each one returns the capacity
 * that report saw used, less what we sent after it. With this client the only spender, that is
 * exact for a token bucket (the API's own scheme: each request's unit comes back at the reset
 * its own response reports) and safe for a sliding window (the fake's), and it never assumes
 * capacity the server has not confirmed, so no call goes out while the limit is known to be
 * spent. (Like the in-flight count, it cannot see other clients of the same key between
 * reports: the next report corrects for them.)
 *
 * Amounts are counted cumulatively (`taken`, `settled`) so a checkpoint can say what was
 * outstanding when it was written without a list of requests.
 */
export class Bucket {
  private capacity: number;
  private level: number;
  private readonly perMs: number;
  private updatedAt: number;
  private reported = false;
  /** Everything ever taken; everything whose request has been answered or abandoned. */
  private taken = 0;
  private settled = 0;
  /**
   * The latest reset the server has reported, in its own epoch ms. Resets never move back as
   * the server's time goes on (a window's newest entry, a bucket's deficit over its rate), so a
   * report with an earlier one was written before a report already read: it is stale.
   */
  private newestReset = Number.NEGATIVE_INFINITY;
  /** Reset times still ahead, earliest first, `settled` increasing: each entry raises the level. */
  private checkpoints: Checkpoint[] = [];
  private head = 0;

  constructor(perMinute: number | undefined, now: number) {
    this.capacity = perMinute ?? Number.POSITIVE_INFINITY;
    this.level = this.capacity;
    this.perMs = (perMinute ?? 0) / 60_000;
    this.updatedAt = now;
  }

  /** Milliseconds until `amount` can be taken (0 when it can be now). */
  waitFor(amount: number, now: number): number {
    if (this.capacity === Number.POSITIVE_INFINITY) return 0;
    this.refill(now);
    // A request bigger than the whole bucket waits for a full bucket rather than forever.
    const needed = Math.min(amount, this.capacity);
    if (this.level >= needed) return 0;
    if (!this.reported)
      return this.perMs > 0
        ? Math.ceil((needed - this.level) / this.perMs)
        : Number.POSITIVE_INFINITY;
    // The first pending reset that frees enough; failing that, the last one, then a probe.
    // Checkpoints free more the later they are (`settled` grows): search for the first enough.
    const enough = this.taken + needed - this.capacity;
    let low = this.head;
    let high = this.checkpoints.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.checkpoints[middle]?.settled ?? Number.POSITIVE_INFINITY) >= enough) high = middle;
      else low = middle + 1;
    }
    const first = this.checkpoints[low];
    if (first !== undefined) return first.at - now;
    const last = this.checkpoints.at(-1);
    if (last !== undefined && this.head < this.checkpoints.length) return last.at - now;
    // Answers still to come will report; the limiter re-checks on each.
    if (this.taken > this.settled) return PROBE_AFTER_MS;
    return Math.max(1, this.updatedAt + PROBE_AFTER_MS - now);
  }

  /** Counts `amount` as sent. Counted even while unlimited: a first report needs what is in flight. */
  take(amount: number): void {
    this.taken += amount;
    if (this.capacity !== Number.POSITIVE_INFINITY) this.level -= amount;
  }

  /** The request that took `amount` is answered or abandoned: no longer in flight. */
  settle(amount: number): void {
    this.settled += amount;
  }

  /** Gives back what an estimate over-charged (or charges what it under-charged). */
  adjust(amount: number): void {
    if (this.capacity !== Number.POSITIVE_INFINITY)
      this.level = Math.min(this.capacity, this.level + amount);
  }

  /**
   * Adopts the server's report, read after settling the request it answers. What else we have
   * in flight may not be counted in it: that is subtracted, so the bucket errs on the safe side.
   */
  correct(state: LimitState, now: number, epochNow: number): void {
    const reset = state.resetEpochMs;
    // Overtaken on the way (responses on different connections can arrive out of order).
    if (reset !== undefined && reset < this.newestReset) return;
    this.reported = true;
    if (state.limit !== undefined && state.limit > 0) this.capacity = state.limit;
    else if (this.capacity === Number.POSITIVE_INFINITY) this.capacity = state.remaining;
    const level = Math.min(this.capacity, state.remaining - (this.taken - this.settled));
    // A tie cannot be ordered: keep the lower reading.
    this.level =
      reset !== undefined && reset === this.newestReset ? Math.min(this.level, level) : level;
    this.updatedAt = now;
    if (reset === undefined) return;
    this.newestReset = reset;
    this.addCheckpoint({ at: now + (reset - epochNow) + RESET_MARGIN_MS, settled: this.settled });
  }

  private addCheckpoint(checkpoint: Checkpoint): void {
    // A later reset that frees no more than this one is of no further use.
    while (
      this.checkpoints.length > this.head &&
      (this.checkpoints.at(-1)?.at ?? 0) >= checkpoint.at
    )
      this.checkpoints.pop();
    if (this.checkpoints.length - this.head >= MAX_CHECKPOINTS) this.checkpoints.pop();
    this.checkpoints.push(checkpoint);
  }

  private refill(now: number): void {
    if (!this.reported) {
      if (now > this.updatedAt)
        this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs);
      this.updatedAt = Math.max(this.updatedAt, now);
      return;
    }
    let checkpoint = this.checkpoints[this.head];
    while (checkpoint !== undefined && checkpoint.at <= now) {
      this.level = Math.max(this.level, this.capacity - (this.taken - checkpoint.settled));
      this.updatedAt = Math.max(this.updatedAt, checkpoint.at);
      this.head += 1;
      checkpoint = this.checkpoints[this.head];
    }
    if (this.head > 256 && this.head * 2 > this.checkpoints.length) {
      this.checkpoints = this.checkpoints.slice(this.head);
      this.head = 0;
    }
    // No reset pending, nothing in flight and no word for a probe interval: the server will
    // answer a probe with the truth (and nothing else can tell it to us).
    if (
      this.head === this.checkpoints.length &&
      this.taken === this.settled &&
      now - this.updatedAt >= PROBE_AFTER_MS
    ) {
      this.level = Math.max(this.level, 1);
      this.updatedAt = now;
    }
  }
}
