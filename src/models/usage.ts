/** Token counts of one call, as the provider reported them. */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Tokens written to the prompt cache (billed at the cache-write rate). */
  readonly cacheWriteTokens: number;
  /** Tokens read from the prompt cache (billed at the cache-read rate). */
  readonly cacheReadTokens: number;
}
