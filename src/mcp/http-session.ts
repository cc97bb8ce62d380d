import type { ServerResponse } from 'node:http';
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

type RequestId = string | number;

/** One HTTP exchange waiting for the answers to the requests its POST carried. */
interface Exchange {
  readonly response: ServerResponse;
  /** text/event-stream: every related message as it comes; else JSON, the answers at the end. */
  readonly stream: boolean;
  readonly waiting: Set<RequestId>;
  readonly answers: JSONRPCMessage[];
  /** The POST carried a JSON array (a batch): a JSON answer is an array too. */
  readonly batch: boolean;
  readonly headers: object;
}

function idOf(message: JSONRPCMessage): RequestId | undefined {
  const { id } = message as { id?: unknown };
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function isAnswer(message: JSONRPCMessage): boolean {
  return 'result' in message || 'error' in message;
}

/**
 * One MCP session of the daemon's streamable HTTP endpoint, as an SDK transport: a POST hands
 * its messages to the server, and what the server sends in answer to them (progress
 * notifications, then the result) goes back on that POST's response, as server-sent events or
 * as one JSON body. Messages that answer nothing open (server-initiated notifications with no
 * request, e.g. list_changed) are dropped: the endpoint offers no standalone GET stream.
 */
export class HttpSessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sessionId: string;
  lastUsed = Date.now();
  private readonly byRequest = new Map<RequestId, Exchange>();
  private closed = false;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Delivers one POST's messages. Requests are answered on `response`; a POST of notifications
   * and answers only gets 202 at once.
   */
  deliver(
    messages: readonly JSONRPCMessage[],
    response: ServerResponse,
    options: { readonly stream: boolean; readonly batch: boolean; readonly headers: object },
  ): void {
    this.lastUsed = Date.now();
    const requests = messages.filter(
      (message) => 'method' in message && idOf(message) !== undefined,
    );
    if (requests.length === 0) {
      response.writeHead(202, { ...options.headers, 'content-length': 0 }).end();
    } else {
      const exchange: Exchange = {
        response,
        stream: options.stream,
        waiting: new Set(requests.map((message) => idOf(message) as RequestId)), // filtered above
        answers: [],
        batch: options.batch,
        headers: options.headers,
      };
      for (const id of exchange.waiting) this.byRequest.set(id, exchange);
      if (options.stream) {
        // The connection closes after the stream, which ends the body: no chunked framing, so
        // the relay (relay-post.ts) reads the events as they are.
        response.useChunkedEncodingByDefault = false;
        response.writeHead(200, {
          ...options.headers,
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'close',
        });
      }
      // The client went away mid-call: what it asked for is cancelled.
      response.on('close', () => {
        if (exchange.waiting.size === 0) return;
        for (const id of exchange.waiting) {
          this.byRequest.delete(id);
          this.onmessage?.({
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: { requestId: id, reason: 'the HTTP client disconnected' },
          });
        }
        exchange.waiting.clear();
      });
    }
    for (const message of messages) this.onmessage?.(message);
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const answerTo = isAnswer(message) ? idOf(message) : options?.relatedRequestId;
    const exchange = answerTo === undefined ? undefined : this.byRequest.get(answerTo);
    if (exchange === undefined || exchange.response.writableEnded) return Promise.resolve();
    if (exchange.stream)
      exchange.response.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    if (isAnswer(message) && answerTo !== undefined) {
      exchange.answers.push(message);
      exchange.waiting.delete(answerTo);
      this.byRequest.delete(answerTo);
      if (exchange.waiting.size === 0) finish(exchange);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const exchange of new Set(this.byRequest.values())) exchange.response.destroy();
    this.byRequest.clear();
    this.onclose?.();
    return Promise.resolve();
  }
}

function finish(exchange: Exchange): void {
  if (exchange.stream) {
    exchange.response.end();
    return;
  }
  const body = JSON.stringify(exchange.batch ? exchange.answers : exchange.answers[0]);
  exchange.response.writeHead(200, {
    ...exchange.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  exchange.response.end(body);
}
