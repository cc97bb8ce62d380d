/**
 * A `fetch` over node:http and node:https with keep-alive agents, which the Anthropic SDK (and
 * the OpenAI-compatible provider) call instead of the runtime's fetch. Node's built-in fetch
 * (undici) spends most of a small call's CPU on WHATWG machinery: request objects, abort
 * signals, a web stream for every body. Measured on the loopback fake at 50 calls in flight,
 * the SDK through this transport makes about 1.5x the calls per second it makes through the
 * built-in fetch (bench/engine.mjs, `engine.transport.vs-fetch`).
 *
 * What it keeps of fetch's contract, because the SDK relies on it: a real `Response` with real
 * `Headers`; an `AbortError` when the signal fires (the SDK tells its timeouts by that name); a
 * `TypeError('fetch failed')` with the socket's error as `cause` otherwise, and
 * `TypeError('terminated')` for a body cut short; gzip, deflate and brotli bodies decoded.
 * Event streams are handed over as they arrive; a JSON answer or a body of declared length is
 * read whole first, up to `MAX_BUFFERED_BYTES` (see `isStreamed`). Anything this transport does
 * not carry (a `Request` object, a streamed or form body, a scheme other than http and https)
 * goes to the built-in fetch unchanged.
 */
import type * as Http from 'node:http';
import type { Agent as HttpAgent, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type * as Https from 'node:https';
import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { lazyRequire } from '../files/index.js';

/**
 * The most a response that is not an event stream may hold by default: far above any Messages
 * API answer (a 128k-token reply is under 1 MB), low enough that a hostile server cannot fill
 * the memory.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * How long an idle connection is kept for the next call. Servers close idle keep-alive
 * connections after a few seconds (Node's own server after 5 s); reusing one the server has
 * just closed fails the call, so ours are dropped first. A server's `Keep-Alive: timeout=N`
 * shortens it further (Node's agent reads that header).
 */
const IDLE_MS = 4_000;

export interface KeepAliveFetchOptions {
  /** The agent for http URLs. @default a keep-alive agent shared by every call */
  readonly httpAgent?: HttpAgent | undefined;
  /** The agent for https URLs (its `ca` is how tests trust a self-signed server). @default a keep-alive agent shared by every call */
  readonly httpsAgent?: HttpsAgent | undefined;
  /** The most a body that is not an event stream may hold, in bytes. @default MAX_BUFFERED_BYTES (64 MiB) */
  readonly maxBufferedBytes?: number | undefined;
}

type Fetch = typeof globalThis.fetch;

let shared: Fetch | undefined;

/** The process's one keep-alive fetch: its connections are shared by every provider. */
export function keepAliveFetch(): Fetch {
  shared ??= createKeepAliveFetch();
  return shared;
}

/** A keep-alive fetch over the given agents (or agents of its own, made on first use). */
export function createKeepAliveFetch(options: KeepAliveFetchOptions = {}): Fetch {
  let httpAgent = options.httpAgent;
  let httpsAgent = options.httpsAgent;
  const maxBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  // node:http and node:https are required on first call: a CLI command that never calls a model
  // does not load them. An agent's `timeout` drops its idle sockets; a request in progress is
  // not cut by it (our attempt timeout and the SDK's own limit bound those).
  const agentFor = (protocol: string): HttpAgent | HttpsAgent | undefined => {
    if (protocol === 'http:') {
      httpAgent ??= new (http().Agent)({ keepAlive: true, timeout: IDLE_MS });
      return httpAgent;
    }
    if (protocol === 'https:') {
      httpsAgent ??= new (https().Agent)({ keepAlive: true, timeout: IDLE_MS });
      return httpsAgent;
    }
    return undefined;
  };
  const fetch = (input: Parameters<Fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const body = bodyOf(init?.body);
    const target = url !== undefined && body !== false ? new URL(url) : undefined;
    const agent = target === undefined ? undefined : agentFor(target.protocol);
    if (target === undefined || agent === undefined || body === false)
      return globalThis.fetch(input, init);
    return send(target, agent, init ?? {}, body, maxBytes);
  };
  return fetch;
}

function send(
  target: URL,
  agent: HttpAgent | HttpsAgent,
  init: RequestInit,
  body: string | Uint8Array | undefined,
  maxBytes: number,
): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted === true) return Promise.reject(abortError(signal));
  const headers = headersOf(init.headers);
  if (body !== undefined && headers['content-length'] === undefined)
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const module = target.protocol === 'https:' ? https() : http();
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(
        signal?.aborted === true
          ? abortError(signal)
          : new TypeError('fetch failed', { cause: error }),
      );
    };
    // A response fetch cannot represent (a status below 200, a header it refuses) fails as
    // fetch fails, with a TypeError.
    const settle = (make: () => Response): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(make());
      } catch (error) {
        reject(new TypeError('fetch failed', { cause: error }));
      }
    };
    const onAbort = (): void => {
      request.destroy();
      fail(undefined);
    };
    const request = module.request(
      {
        protocol: target.protocol,
        // An IPv6 literal comes bracketed in a URL (`[::1]`), and bare to node:http.
        hostname: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? 'GET',
        headers,
        agent,
      },
      (response) => {
        const decoded = decode(response);
        if (isStreamed(response)) {
          // The stream outlives this promise: the signal still ends it, through the request,
          // until the response closes.
          response.on('close', () => signal?.removeEventListener('abort', onAbort));
          settle(() => responseOf(response, decoded !== response, webStreamOf(decoded, signal)));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        decoded.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy();
            fail(new RangeError(`the response is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        decoded.on('error', fail);
        decoded.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          settle(() => responseOf(response, decoded !== response, whole));
        });
        // A connection that closes before the body ends, with no error of its own.
        response.on('close', () => {
          if (!response.complete)
            fail(new Error('the connection closed before the response ended'));
        });
      },
    );
    request.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

/** A body this transport carries (text or bytes, or none), else false. */
function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return false;
}

/** The request's headers as node:http takes them, from whatever form fetch accepts. */
function headersOf(headers: RequestInit['headers']): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  if (headers === undefined) return result;
  // Headers, an array of pairs or a record: Headers itself reads all three alike (and checks
  // names and values as fetch would).
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

/**
 * Whether the body is handed over as it arrives: anything but JSON of unknown length. Server-
 * sent events (`text/event-stream`) and Bedrock's binary event stream
 * (`application/vnd.amazon.eventstream`) are streamed; a JSON answer, or any body whose length
 * is declared, is read whole, which spares a web stream per call.
 */
function isStreamed(response: IncomingMessage): boolean {
  const headers = response.headers;
  if (headers['content-length'] !== undefined) return false;
  const type = headers['content-type'] ?? '';
  return !(type.startsWith('application/json') || /^[a-z]+\/[\w.+-]+\+json/i.test(type));
}

/** The body as sent, or decoded as fetch decodes it: gzip, deflate and brotli. */
function decode(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return response;
  const zlib = lazyRequire('node:zlib') as typeof Zlib;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (decoder === undefined) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/**
 * A body as a web stream, read as the reader asks for it. A body cut short fails the reader
 * with fetch's own `TypeError('terminated')`, the socket's error as cause, which is how the
 * SDK (and anthropic-errors.ts) tell a broken stream from an unreachable API. A body cut by the
 * signal fails it with an `AbortError`, as fetch does.
 */
function webStreamOf(
  source: Readable,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const cut = (cause: unknown): void => {
        if (done) return;
        done = true;
        controller.error(
          signal?.aborted === true ? abortError(signal) : new TypeError('terminated', { cause }),
        );
      };
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.on('end', () => {
        if (done) return;
        done = true;
        controller.close();
      });
      source.on('error', cut);
      source.on('close', () => {
        cut(new Error('the connection closed before the response ended'));
      });
      source.pause();
    },
    pull() {
      source.resume();
    },
    cancel() {
      done = true;
      source.destroy();
    },
  });
}

/** Statuses whose response has no body (fetch's Response refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function responseOf(
  response: IncomingMessage,
  decoded: boolean,
  body: Buffer | ReadableStream<Uint8Array> | undefined,
): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] as string;
    const value = raw[index + 1] as string;
    // A body handed over decoded no longer has the encoding the server named.
    if (decoded && name.length === 16 && name.toLowerCase() === 'content-encoding') continue;
    headers.append(name, value);
  }
  const status = response.statusCode ?? 0;
  return new Response(NO_BODY.has(status) ? null : body, {
    status,
    statusText: response.statusMessage ?? '',
    headers,
  });
}

/** What fetch rejects with when its signal fires: an `AbortError`, with the reason as cause. */
function abortError(signal: AbortSignal): Error {
  const error = new DOMException('This operation was aborted', 'AbortError');
  Object.defineProperty(error, 'cause', { value: signal.reason, enumerable: false });
  return error;
}

const http = (): typeof Http => lazyRequire('node:http') as typeof Http;
const https = (): typeof Https => lazyRequire('node:https') as typeof Https;
