import { ProviderError } from '../errors.js';
import type { Clock } from './clock.js';

export interface CircuitBreakerOptions {
  /** Consecutive overload failures (503, 529) that open the circuit. @default 8 */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through, in ms. @default 15000 */
  readonly cooldownMs?: number;
}

/**
 * Stops calling a provider that is persistently overloaded. Closed: calls flow and overload
 * failures are counted; any success resets the count. Open: calls fail at once for the
 * cooldown. Half-open: one probe goes through; its success closes the circuit, its failure
 * opens it again. Sporadic 429s never open it: the count must be consecutive.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {
    this.threshold = options.failureThreshold ?? 8;
    this.cooldownMs = options.cooldownMs ?? 15_000;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Throws when no call may be made now; otherwise lets this one through. */
  check(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return;
    }
    const remaining = Math.max(0, this.cooldownMs - (this.clock.now() - (this.openedAt ?? 0)));
    throw new ProviderError(
      'provider.circuit_open',
      `the provider is overloaded: ${this.threshold} calls in a row were refused; not calling it for ${Math.ceil(remaining / 1000)} s`,
      { hint: 'wait and try again, or lower the concurrency (engine.maxConcurrency)' },
    );
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  failed(overload: boolean): void {
    if (this.probing) {
      this.probing = false;
      this.openedAt = this.clock.now();
      return;
    }
    if (!overload) return;
    this.failures += 1;
    if (this.failures >= this.threshold) this.openedAt = this.clock.now();
  }
}
