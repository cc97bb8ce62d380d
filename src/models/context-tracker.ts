/** Shares of the context window that warn, once each. */
export const CONTEXT_THRESHOLDS = [0.7, 0.85, 0.95] as const;

/**
 * Watches how full a model's context window is over a run or session and reports each
 * threshold the first time it is crossed. It only warns: nothing is blocked or cut here.
 */
export class ContextTracker {
  private readonly crossed = new Set<number>();

  constructor(
    readonly window: number,
    private readonly thresholds: readonly number[] = CONTEXT_THRESHOLDS,
  ) {}

  /** The thresholds `tokens` crosses that had not been crossed before, lowest first. */
  observe(tokens: number): number[] {
    const share = tokens / this.window;
    const fresh = this.thresholds.filter(
      (threshold) => share >= threshold && !this.crossed.has(threshold),
    );
    for (const threshold of fresh) this.crossed.add(threshold);
    return fresh;
  }
}
