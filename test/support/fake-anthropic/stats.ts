/** Counters a test reads to check how a client behaved. */
export interface FakeAnthropicStats {
  /** Every request received, on any path. */
  totalRequests: number;
  /** Requests per path, e.g. `{ '/v1/messages': 3 }`. */
  readonly byPath: Record<string, number>;
  /** Responses per status code, e.g. `{ '200': 2, '429': 1 }`; dropped connections are absent. */
  readonly byStatus: Record<string, number>;
  /** Requests received and not yet fully answered. */
  inFlight: number;
  /** The most requests ever in flight at once. */
  maxInFlight: number;
  /** Requests the rate limiter turned away with 429 (injected 429 faults not included). */
  rateLimited: number;
  /**
   * Of `rateLimited`, those that arrived when the request or token budget was already at zero:
   * a client that honours `retry-after` and the `remaining` headers never sends these.
   */
  rejectedWhileExhausted: number;
  /** Injected faults that struck, per kind. */
  readonly faults: Record<string, number>;
}

export function createStats(): FakeAnthropicStats {
  return {
    totalRequests: 0,
    byPath: {},
    byStatus: {},
    inFlight: 0,
    maxInFlight: 0,
    rateLimited: 0,
    rejectedWhileExhausted: 0,
    faults: {},
  };
}

export function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
