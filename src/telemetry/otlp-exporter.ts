import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { metrics } from './metrics.js';
import type { OtlpTarget } from './otlp-endpoint.js';
import { exportRequest } from './otlp-json.js';
import type { TraceResource } from './otlp-json.js';
import type { SpanData } from './span.js';

export interface OtlpExporterOptions {
  readonly target: OtlpTarget;
  readonly resource: TraceResource;
  /** Where an export failure is noted, once until an export works again (stderr, daemon.log). */
  readonly warn: (message: string) => void;
  /** Spans per request. @default 256 */
  readonly maxBatch?: number;
  /** Spans waiting at most; beyond it new spans are dropped (and counted). @default 2048 */
  readonly maxQueue?: number;
  /** Spans are sent at least this often while any wait, in ms. @default 2000 */
  readonly intervalMs?: number;
  /** One request's time limit, in ms. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Requests in flight at once; more batches wait in the queue. @default 2 */
  readonly maxInFlight?: number;
}

/**
 * Sends finished spans to an OTLP/HTTP collector as JSON, in batches: when a batch fills, on an
 * interval (an unref'd timer: it never keeps a process alive), and on flush(). It never throws
 * to and never blocks the code that records spans: a failed request drops its batch (no retry,
 * so a dead collector costs one connection attempt per batch and no memory), a full queue drops
 * new spans, and the first failure is noted once. Dropped spans are counted in
 * `claude_hybrid_trace_spans_dropped_total`.
 */
export class OtlpExporter {
  private queue: SpanData[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private failing = false;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly maxInFlight: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: OtlpExporterOptions) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxQueue = options.maxQueue ?? 2048;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.timer = setInterval(() => {
      this.sendReady();
    }, options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Queues a finished span; sends a batch when one is full. */
  add(span: SpanData): void {
    if (this.closed || this.queue.length >= this.maxQueue) {
      spanCounter().inc({ outcome: 'dropped' });
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.maxBatch) this.sendReady();
  }

  /** Spans waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Sends everything queued and waits for every request, at most `timeoutMs`: what is still
   * unsent then is dropped, so a dead or slow collector never holds up an exit.
   */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight)
        this.send(this.queue.splice(0, this.maxBatch), Math.min(left, this.requestTimeoutMs));
      // A timer that holds the process (unlike the requests' sockets) for at most `left`, and
      // is cleared as soon as a request ends, so a flush at exit waits no longer than it must.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.race(this.inFlight),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    if (this.queue.length > 0) {
      spanCounter().inc({ outcome: 'dropped' }, this.queue.length);
      this.queue = [];
    }
  }

  /** Flushes (within `timeoutMs`) and stops the timer; later spans are dropped. */
  async shutdown(timeoutMs: number): Promise<void> {
    clearInterval(this.timer);
    await this.flush(timeoutMs);
    this.closed = true;
  }

  private sendReady(): void {
    while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight)
      this.send(this.queue.splice(0, this.maxBatch), this.requestTimeoutMs);
  }

  private send(batch: readonly SpanData[], timeoutMs: number): void {
    const sending = post(
      this.options.target,
      JSON.stringify(exportRequest(this.options.resource, batch)),
      timeoutMs,
    ).then(
      () => {
        this.failing = false;
        spanCounter().inc({ outcome: 'exported' }, batch.length);
      },
      (error: unknown) => {
        spanCounter().inc({ outcome: 'dropped' }, batch.length);
        if (this.failing) return;
        this.failing = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.options.warn(
          `telemetry: cannot export spans to ${describeTarget(this.options.target.url)} (${reason}); dropping them until it answers`,
        );
      },
    );
    const tracked = sending.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

/** The URL as it may be logged: no user info, no query (either can carry a key). */
function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

function spanCounter() {
  return metrics().counter(
    'claude_hybrid_trace_spans_total',
    'Finished spans by what became of them: exported to the OTLP collector or dropped.',
    ['outcome'],
  );
}

/**
 * One POST, without keep-alive (`agent: false`), on an unref'd socket: an export never keeps a
 * process alive by itself (flush() is what waits, with a deadline). Resolves on a 2xx; rejects
 * on anything else, a network error or the timeout.
 */
function post(target: OtlpTarget, body: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`HTTP ${status}`));
        });
        response.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    request.on('socket', (socket) => {
      socket.unref();
    });
    request.on('error', reject);
    request.on('close', () => {
      clearTimeout(timer);
    });
    request.end(body);
  });
}
