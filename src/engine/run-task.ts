import { randomUUID } from 'node:crypto';
import type { ModelRequest, ModelResponse, Provider, Usage } from '../llm/index.js';
import type { CallOutcome, ResilientClient, RetryNotice } from '../resilience/index.js';
import { requestIdentity, requestKey } from '../cache/index.js';
import type { ResponseCache } from '../cache/index.js';
import { costOf } from '../models/index.js';
import type { ModelInfo } from '../models/index.js';
import { instruments } from '../telemetry/instruments.js';

export interface RunTaskOptions {
  readonly provider: Provider;
  readonly client: ResilientClient;
  readonly request: ModelRequest;
  /** Prices and limits of `request.model`. */
  readonly model: ModelInfo;
  readonly signal?: AbortSignal;
  /** Streams the answer's text as it arrives. */
  readonly onText?: (delta: string) => void;
  /** @default performance.now */
  readonly now?: () => number;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  /**
   * Answers identical requests without a call (locally, then from its shared tier if it has
   * one); the answer is stored after a call, in both.
   */
  readonly cache?: ResponseCache | undefined;
  /** Attempts, the first included. @default the client's */
  readonly maxAttempts?: number | undefined;
  /** Each attempt's time limit, in ms. @default the client's */
  readonly attemptTimeoutMs?: number | undefined;
  /** Told about each failed attempt that will be retried, before the wait for the next. */
  readonly onRetry?: ((retry: RetryNotice) => void) | undefined;
}

export interface RunResult {
  readonly runId: string;
  readonly response: ModelResponse;
  readonly usage: Usage;
  /** Exact cost from the reported usage; 0 for a simulated or cached run, which spend nothing. */
  readonly costUsd: number;
  /** True when the answer came from the response cache (no call was made). */
  readonly cached: boolean;
  /** True when an identical call in flight answered this one: it spent nothing itself. */
  readonly coalesced: boolean;
  readonly durationMs: number;
  readonly attempts: number;
  /** Milliseconds spent waiting for a slot, the rate limiter or a retry (see CallOutcome). */
  readonly waitedMs: number;
  readonly simulated: boolean;
}

/**
 * One agent on one task: a single model call through the resilient client. Streaming retries
 * restart the text, so what `onText` shows of a failed attempt is followed by the full answer
 * of the next; the result holds only the successful attempt's output.
 */
export async function runTask(options: RunTaskOptions): Promise<RunResult> {
  const now = options.now ?? performanceNow;
  const started = now();
  const { provider, request } = options;
  const simulated = provider.name === 'sim';
  // The cache needs the request's key (a hash). Coalescing, for calls that do not stream
  // (identical requests in flight at once, a fan-out of the same prompt, share one call), needs
  // only a string that tells requests apart: the key when there is one, else the request's
  // identity, which spares a hash on every call that has no cache.
  const key = options.cache === undefined ? undefined : requestKey(provider.name, request);
  const coalesceKey =
    options.onText !== undefined ? undefined : (key ?? requestIdentity(provider.name, request));
  let hit = key === undefined ? undefined : options.cache?.get(key);
  // The shared tier (another machine's answers) is asked only after a local miss, and only
  // when there is one: without it the lookup above stays synchronous and allocation-free.
  if (hit === undefined && key !== undefined && options.cache?.hasShared === true)
    hit = await options.cache.getShared(key);
  const recorded = instruments();
  if (key !== undefined) recorded.responseCache.inc({ result: hit === undefined ? 'miss' : 'hit' });
  if (hit !== undefined) {
    if (options.onText !== undefined) options.onText(hit.text);
    return {
      runId: (options.newId ?? randomUUID)(),
      response: hit,
      usage: hit.usage,
      costUsd: 0,
      cached: true,
      coalesced: false,
      durationMs: Math.round((now() - started) * 100) / 100,
      attempts: 0,
      waitedMs: 0,
      simulated,
    };
  }
  const labels = { model: request.model };
  let outcome: CallOutcome<ModelResponse>;
  try {
    outcome = await options.client.call(
      (attempt) =>
        provider.complete(request, {
          // Read only if the provider needs it: the signal is made on first read.
          get signal(): AbortSignal {
            return attempt.signal;
          },
          timeoutMs: attempt.timeoutMs,
          abortable: attempt.abortable,
          onText: options.onText,
        }),
      // Undefined fields rather than spreads: no temporary objects on every call.
      {
        signal: options.signal,
        estimatedTokens: estimateRequestTokens(request),
        coalesceKey,
        maxAttempts: options.maxAttempts,
        attemptTimeoutMs: options.attemptTimeoutMs,
        onRetry: options.onRetry,
      },
    );
  } catch (error) {
    // Counted here rather than in a chained catch: no extra promise on the success path.
    recorded.modelCallFailures.inc(labels);
    recorded.modelCallDuration.observe(now() - started, labels);
    throw error;
  }
  const response = outcome.value;
  recorded.modelCalls.inc(labels);
  recorded.modelCallDuration.observe(now() - started, labels);
  recorded.modelCallAttempts.inc(labels, outcome.attempts);
  if (outcome.attempts > 1) recorded.modelCallRetries.inc(labels, outcome.attempts - 1);
  recorded.modelCallWait.observe(outcome.waitedMs, labels);
  if (key !== undefined && !outcome.coalesced) options.cache?.set(key, response);
  return {
    runId: (options.newId ?? randomUUID)(),
    response,
    usage: response.usage,
    costUsd:
      simulated || outcome.coalesced
        ? 0
        : (response.costUsd ?? costOf(response.usage, options.model)),
    cached: false,
    coalesced: outcome.coalesced,
    durationMs: Math.round((now() - started) * 100) / 100,
    attempts: outcome.attempts,
    waitedMs: Math.round(outcome.waitedMs * 100) / 100,
    simulated,
  };
}

const performanceNow = (): number => performance.now();

/** Input plus the output limit, at four characters a token: what the token bucket reserves. */
export function estimateRequestTokens(request: ModelRequest): number {
  // charEstimate(requestText(request)) without building the text: the parts and the blank
  // lines that join them.
  let characters = 0;
  for (const block of request.system) characters += block.text.length;
  for (const message of request.messages) characters += message.content.length;
  const parts = request.system.length + request.messages.length;
  if (parts > 1) characters += 2 * (parts - 1);
  return Math.ceil(characters / 4) + request.maxTokens;
}
