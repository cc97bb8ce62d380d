import type { ServerResponse } from 'node:http';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { RecordedRequest } from './recorded-request.js';
import { increment, type FakeAnthropicStats } from './stats.js';
import type { StreamSink } from './stream-events.js';

/** An error the fake answers with, in the real API's terms. */
export interface ApiErrorReply {
  readonly status: number;
  readonly type: ErrorType;
  readonly message: string;
}

/**
 * One request/response pair. It keeps `inFlight` honest: the count drops the moment the
 * response is ended or dropped, before the client can see it, so a client that sends its next
 * request on receipt can never be counted twice.
 */
export class Exchange {
  readonly #response: ServerResponse;
  readonly #stats: FakeAnthropicStats;
  readonly #requestId: string;
  #settled = false;
  #markSettled: () => void = () => undefined;
  /** Resolves once the response has ended or the connection dropped. */
  readonly settled = new Promise<void>((resolve) => {
    this.#markSettled = resolve;
  });
  record: RecordedRequest | undefined;

  constructor(response: ServerResponse, stats: FakeAnthropicStats, requestId: string) {
    this.#response = response;
    this.#stats = stats;
    this.#requestId = requestId;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    // A client that gives up also ends the exchange.
    response.once('close', () => {
      this.#settle();
    });
  }

  /** The client went away or the server closed the socket. */
  get closed(): boolean {
    return this.#response.destroyed;
  }

  /** Calls `listener` when the connection closes, whoever closed it. */
  onClose(listener: () => void): void {
    this.#response.once('close', listener);
  }

  sendJson(status: number, headers: Record<string, string>, body: unknown): void {
    if (this.closed) return;
    this.#head(status, { ...headers, 'content-type': 'application/json' });
    this.#settle();
    this.#response.end(JSON.stringify(body));
  }

  /** `{type: "error", error: {type, message}, request_id}`, the real API's error shape. */
  sendError(error: ApiErrorReply, headers: Record<string, string>): void {
    this.sendJson(error.status, headers, {
      type: 'error',
      error: { type: error.type, message: error.message },
      request_id: this.#requestId,
    });
  }

  /** Drops the connection without a response, as a reset or a crashed proxy would. */
  reset(): void {
    this.#settle();
    this.#response.socket?.destroy();
    this.#response.destroy();
  }

  /** Starts a 200 `text/event-stream` response. */
  startStream(headers: Record<string, string>): StreamSink {
    this.#head(200, {
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    this.#response.flushHeaders();
    return {
      write: (text) => {
        if (!this.closed) this.#response.write(text);
      },
      end: () => {
        this.#settle();
        if (!this.closed) this.#response.end();
      },
      cut: () => {
        this.#settle();
        // destroySoon flushes what was written, then closes the socket: the client gets the
        // events so far, then a connection closed mid-body (no terminating chunk).
        this.#response.socket?.destroySoon();
      },
    };
  }

  #head(status: number, headers: Record<string, string>): void {
    if (this.record !== undefined) this.record.status = status;
    increment(this.#stats.byStatus, String(status));
    this.#response.writeHead(status, { ...headers, 'request-id': this.#requestId });
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#stats.inFlight -= 1;
    this.#markSettled();
  }
}
