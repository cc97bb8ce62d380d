/**
 * Runs a view's refresh when asked, at most once per interval and never twice at once: the first
 * request after a quiet spell runs at once, requests while one runs (or within the interval of
 * the last start) are folded into one run at the interval's end. So a burst of 1,000 events a
 * second costs a view one request a second. Timers and the clock come in for tests
 * (refresh-throttle.test.ts).
 */
export interface RefreshThrottleOptions {
  readonly run: () => Promise<void>;
  /** Least time between the starts of two runs, ms. @default 1000 */
  readonly intervalMs?: number;
  /** @default performance.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  /** @default clearTimeout */
  readonly clearTimer?: (timer: unknown) => void;
}

export class RefreshThrottle {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private wanted = false;
  private running = false;
  private closed = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(private readonly options: RefreshThrottleOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimer ??
      ((timer) => {
        clearTimeout(timer as ReturnType<typeof setTimeout>); // made by setTimer above
      });
  }

  /** Something changed: run (now, or once the interval allows). */
  request(): void {
    this.wanted = true;
    this.pump();
  }

  /** No run starts after this; one in flight finishes. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (!this.wanted || this.running || this.closed || this.timer !== undefined) return;
    const wait = this.lastStart + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = this.setTimer(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.wanted = false;
    this.running = true;
    this.lastStart = this.now();
    void this.options
      .run()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
