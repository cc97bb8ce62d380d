import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { Exchange, type ApiErrorReply } from './exchange.js';
import { FaultInjector, type Fault, type FaultOptions } from './faults.js';
import { buildMessage, PromptCache } from './message-builder.js';
import { credentialOf, recordRequest, type RecordedRequest } from './recorded-request.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { echoReply, ReplyScript, type ReplyFunction, type ScriptEntry } from './replies.js';
import { checkMessageBody, type MessageRequestBody } from './request-body.js';
import { createStats, increment, type FakeAnthropicStats } from './stats.js';
import { writeStream } from './stream-events.js';
import { estimateInputTokens } from './token-estimator.js';

/** How the fake behaves when started. Every field is optional. */
export interface FakeAnthropicOptions {
  /** Keys accepted in `x-api-key` or `authorization: Bearer`. @default any non-empty key */
  readonly allowedApiKeys?: readonly string[];
  /** Limits on `/v1/messages`; change them later with `setLimits`. @default effectively none */
  readonly limits?: RateLimitOptions;
  /** Wait before each successful reply starts, in ms (errors are immediate). @default 0 */
  readonly latencyMs?: number;
  /** Seed for faults injected with a `probability` and no seed of their own. @default 1 */
  readonly seed?: number;
  /** Wall-clock time in Unix-epoch ms, for rate-limit windows and reset headers. @default Date.now */
  readonly now?: () => number;
  /** The reply once the script is empty. @default `echoReply`: `echo: <last message text>` */
  readonly defaultReply?: ReplyFunction;
}

/** A running fake Messages API on 127.0.0.1. */
export interface FakeAnthropic {
  /** Pass as the SDK's `baseURL`, e.g. `http://127.0.0.1:39123` (no `/v1`). */
  readonly baseUrl: string;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Live counters; see `FakeAnthropicStats`. */
  readonly stats: Readonly<FakeAnthropicStats>;
  /** Replies still queued. */
  readonly pendingReplies: number;
  /**
   * Queues replies for `/v1/messages`, taken in order by admitted requests. Requests turned
   * away (an arrival fault, a 4xx, a 429) take none; a stream fault's request takes one.
   */
  script(...entries: ScriptEntry[]): void;
  /**
   * Adds a fault; the first matching one fires. Faults other than stream faults strike on
   * arrival, before authentication and body checks, as a failing front end would. See
   * `FaultOptions` for count and probability.
   */
  injectFault(fault: FaultOptions): void;
  /** Removes every fault not yet used up. */
  clearFaults(): void;
  /** Replaces the rate limits; fields left out become unlimited again. */
  setLimits(limits: RateLimitOptions): void;
  /** Stops listening and destroys every connection, hanging ones included. Idempotent. */
  close(): Promise<void>;
}

type Route = 'messages' | 'count-tokens';

const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/v1/messages', 'messages'],
  ['/v1/messages/count_tokens', 'count-tokens'],
]);

const FAULT_ERRORS: Readonly<Partial<Record<Fault['kind'], ApiErrorReply>>> = {
  'rate-limit': {
    status: 429,
    type: 'rate_limit_error',
    message: 'This request would exceed the rate limit for your organization (injected fault).',
  },
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  'server-error': { status: 500, type: 'api_error', message: 'Internal server error' },
};

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const config = {
    allowedApiKeys:
      options.allowedApiKeys === undefined ? undefined : new Set(options.allowedApiKeys),
    latencyMs: options.latencyMs ?? 0,
    now: options.now ?? Date.now,
  };
  if (!(Number.isFinite(config.latencyMs) && config.latencyMs >= 0))
    throw new RangeError(`latencyMs must be a non-negative number, got ${config.latencyMs}`);
  const limiter = new RateLimiter(options.limits ?? {});
  const faults = new FaultInjector(options.seed ?? 1);
  const script = new ReplyScript(options.defaultReply ?? echoReply);
  const cache = new PromptCache();
  const stats = createStats();
  const requests: RecordedRequest[] = [];
  const active = new Set<Exchange>();
  // Aborted by close(): ends every wait (latency, slow faults) so no timer outlives the server.
  const closing = new AbortController();
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const count = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, count);
    return `${prefix}_fake_${String(count).padStart(6, '0')}`;
  };

  async function handle(request: IncomingMessage, exchange: Exchange): Promise<void> {
    const raw = await text(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const parsed = parseJson(raw);
    const credential = credentialOf(request);
    const record = recordRequest(request, path, parsed, credential.kind);
    exchange.record = record;
    requests.push(record);
    stats.totalRequests += 1;
    increment(stats.byPath, path);
    const headers = (): Record<string, string> => limiter.headers(config.now());
    const route = ROUTES.get(path);
    if (request.method !== 'POST' || route === undefined) {
      exchange.sendError({ status: 404, type: 'not_found_error', message: 'Not found' }, headers());
      return;
    }

    const fault = faults.take(path, 'arrival');
    if (fault !== undefined) {
      record.fault = fault.kind;
      increment(stats.faults, fault.kind);
      const handled = await applyArrivalFault(exchange, fault, headers);
      if (handled) return;
    }

    const checked = checkRequest(request, credential.key, parsed, route);
    if (!checked.ok) {
      exchange.sendError(checked.error, headers());
      return;
    }
    const { body } = checked;
    const estimate = estimateInputTokens(body);
    if (route === 'count-tokens') {
      exchange.sendJson(200, headers(), { input_tokens: estimate.total });
      return;
    }

    const arrivedAt = config.now();
    const admission = limiter.admit(estimate.total, arrivedAt);
    if (!admission.admitted) {
      stats.rateLimited += 1;
      if (admission.exhausted) stats.rejectedWhileExhausted += 1;
      exchange.sendError(
        {
          status: 429,
          type: 'rate_limit_error',
          message: 'This request would exceed the rate limit for your organization.',
        },
        { ...headers(), 'retry-after': String(admission.retryAfterSeconds) },
      );
      return;
    }
    const reply = script.next(body);
    const message = buildMessage({
      id: nextId('msg'),
      model: body.model,
      reply,
      estimate,
      cache,
      nextToolId: () => nextId('toolu'),
    });
    limiter.chargeOutput(message.usage.output_tokens, arrivedAt);

    const latency = reply.latencyMs ?? config.latencyMs;
    if (latency > 0) await sleep(latency, undefined, { signal: closing.signal });
    if (exchange.closed) return;
    if (!body.stream) {
      exchange.sendJson(200, headers(), message);
      return;
    }
    const streamFault = faults.take(path, 'stream');
    if (streamFault !== undefined) {
      record.fault = streamFault.kind;
      increment(stats.faults, streamFault.kind);
    }
    writeStream(exchange.startStream(headers()), message, streamFault);
  }

  /** Applies a fault chosen on arrival; false when the request should then go on normally. */
  async function applyArrivalFault(
    exchange: Exchange,
    fault: Fault,
    headers: () => Record<string, string>,
  ): Promise<boolean> {
    switch (fault.kind) {
      case 'connection-reset':
        exchange.reset();
        return true;
      case 'hang':
        await new Promise<void>((resolve) => {
          if (exchange.closed) resolve();
          else exchange.onClose(resolve);
        });
        return true;
      case 'slow':
        await sleep(fault.delayMs, undefined, { signal: closing.signal });
        return exchange.closed;
      default: {
        const error = FAULT_ERRORS[fault.kind];
        if (error === undefined) return false;
        const extra: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined)
          extra['retry-after'] = String(fault.retryAfterSeconds);
        if (fault.shouldRetry !== undefined) extra['x-should-retry'] = String(fault.shouldRetry);
        exchange.sendError(error, { ...headers(), ...extra });
        return true;
      }
    }
  }

  function checkRequest(
    request: IncomingMessage,
    key: string | undefined,
    parsed: unknown,
    route: Route,
  ): { ok: true; body: MessageRequestBody } | { ok: false; error: ApiErrorReply } {
    if (key === undefined) return authFailure('x-api-key header is required');
    if (config.allowedApiKeys !== undefined && !config.allowedApiKeys.has(key))
      return authFailure('invalid x-api-key');
    if (request.headers['anthropic-version'] === undefined)
      return invalid('anthropic-version: header is required');
    if (parsed === undefined) return invalid('request body is not valid JSON');
    const checked = checkMessageBody(parsed, route === 'messages');
    return checked.ok ? checked : invalid(checked.message);
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const exchange = new Exchange(response, stats, nextId('req'));
    active.add(exchange);
    void exchange.settled.then(() => active.delete(exchange));
    handle(request, exchange).catch((error: unknown) => {
      // Aborted waits mean close() is tearing everything down; anything else is a fake bug,
      // reported to the client as a 500 so the test that hit it sees why.
      if (closing.signal.aborted || exchange.closed) return;
      const message = error instanceof Error ? error.message : String(error);
      exchange.sendError({ status: 500, type: 'api_error', message: `fake: ${message}` }, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listening on TCP, so an AddressInfo
  let closed: Promise<void> | undefined;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    stats,
    get pendingReplies() {
      return script.pending;
    },
    script: (...entries) => {
      script.push(entries);
    },
    injectFault: (fault) => {
      faults.add(fault);
    },
    clearFaults: () => {
      faults.clear();
    },
    setLimits: (limits) => {
      limiter.configure(limits);
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }).then(async () => {
        // A destroyed socket closes its response a tick later; wait so stats end at rest.
        await Promise.all([...active].map((exchange) => exchange.settled));
      });
      return closed;
    },
  };
}

function parseJson(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(raw);
    return value;
  } catch {
    return undefined;
  }
}

function authFailure(message: string): { ok: false; error: ApiErrorReply } {
  return { ok: false, error: { status: 401, type: 'authentication_error', message } };
}

function invalid(message: string): { ok: false; error: ApiErrorReply } {
  return { ok: false, error: { status: 400, type: 'invalid_request_error', message } };
}
