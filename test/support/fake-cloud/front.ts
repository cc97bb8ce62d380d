import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { text } from 'node:stream/consumers';
import { startFakeAnthropic } from '../fake-anthropic/index.js';
import type { FakeAnthropic, FakeAnthropicOptions } from '../fake-anthropic/index.js';

/** A request as a cloud fake received it; its credential is never recorded. */
export interface CloudRequest {
  readonly path: string;
  /** The model id taken from the path. */
  readonly model: string;
  readonly streaming: boolean;
  /** Whether an Authorization header came (its value is never kept). */
  readonly authorized: boolean;
  /** Header names, lower-cased; `authorization` is left out. */
  readonly headerNames: readonly string[];
  /** The JSON body as sent (the model is in the path, the API version in the body). */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  status: number | undefined;
}

/** How one cloud's front speaks: its paths, its auth check, its error shape, its stream. */
export interface CloudDialect {
  /** The model and whether it streams, from the path, or undefined for an unknown path. */
  route(path: string): { model: string; streaming: boolean } | undefined;
  /** undefined when the credential is accepted, else the cloud's refusal. */
  checkAuth(request: IncomingMessage): CloudError | undefined;
  /** The Anthropic API's error (status, type, message) in the cloud's words. */
  error(status: number, type: string, message: string): CloudError;
  /** Writes the upstream SSE stream to `response` in the cloud's stream format. */
  stream(upstream: IncomingMessage, response: ServerResponse): void;
}

export interface CloudError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A running cloud fake: a front on 127.0.0.1 over a fake Messages API that does the work. */
export interface FakeCloud {
  /** The front's root, e.g. `http://127.0.0.1:39123`; the SDKs add their own paths. */
  readonly baseUrl: string;
  /** The Messages API behind the front: script replies, inject faults and read its stats. */
  readonly backend: FakeAnthropic;
  /** Every request the front received, oldest first. */
  readonly requests: readonly CloudRequest[];
  close(): Promise<void>;
}

/**
 * Starts a front for `dialect` over a fresh fake Messages API: each cloud request becomes a
 * `/v1/messages` call with the model from the path, and its answer (a message, an SSE stream,
 * an error, a dropped connection) goes back in the cloud's shape. Faults injected into the
 * backend therefore reach the cloud SDK the way the cloud would pass them on.
 */
export async function startFakeCloud(
  dialect: CloudDialect,
  backendOptions: FakeAnthropicOptions = {},
  extra?: (request: IncomingMessage, response: ServerResponse, path: string) => boolean,
): Promise<FakeCloud> {
  const backend = await startFakeAnthropic(backendOptions);
  const backendUrl = new URL(backend.baseUrl);
  const requests: CloudRequest[] = [];
  const sockets = new Set<Socket>();

  const sendError = (response: ServerResponse, error: CloudError): void => {
    response.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
    response.end(JSON.stringify(error.body));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await text(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (extra?.(request, response, path) === true) return;
    const route = request.method === 'POST' ? dialect.route(path) : undefined;
    const body = parseObject(raw);
    const record: CloudRequest = {
      path,
      model: route?.model ?? '',
      streaming: route?.streaming ?? false,
      authorized: typeof request.headers.authorization === 'string',
      headerNames: Object.keys(request.headers).filter((name) => name !== 'authorization'),
      body,
      status: undefined,
    };
    requests.push(record);
    const refuse = (error: CloudError): void => {
      record.status = error.status;
      sendError(response, error);
    };
    if (route === undefined) {
      refuse(dialect.error(404, 'not_found_error', `no route ${path}`));
      return;
    }
    const denied = dialect.checkAuth(request);
    if (denied !== undefined) {
      refuse(denied);
      return;
    }
    if (body === undefined) {
      refuse(dialect.error(400, 'invalid_request_error', 'the body is not a JSON object'));
      return;
    }
    if (typeof body.anthropic_version !== 'string') {
      refuse(dialect.error(400, 'invalid_request_error', 'anthropic_version is required'));
      return;
    }
    const { anthropic_version: version, ...rest } = body;
    const forwarded = JSON.stringify({ ...rest, model: route.model, stream: route.streaming });
    const upstream = httpRequest({
      host: backendUrl.hostname,
      port: backendUrl.port,
      path: '/v1/messages',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'fake-cloud-backend',
        'anthropic-version': version,
      },
    });
    upstream.on('response', (answer) => {
      record.status = answer.statusCode;
      // A stream the backend cut short is cut short here too.
      answer.on('error', () => response.socket?.destroy());
      answer.on('aborted', () => response.socket?.destroy());
      const status = answer.statusCode ?? 502;
      if (status >= 400) {
        void text(answer).then((payload) => {
          const error = (parseObject(payload)?.error ?? {}) as { type?: string; message?: string };
          sendError(
            response,
            dialect.error(status, error.type ?? 'api_error', error.message ?? 'error'),
          );
        });
        return;
      }
      if (route.streaming) {
        dialect.stream(answer, response);
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      answer.pipe(response);
    });
    // The backend dropped the connection (an injected reset or truncated stream): so does the front.
    upstream.on('error', () => response.socket?.destroy());
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.end(forwarded);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listening on TCP
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    backend,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await backend.close();
    },
  };
}

export function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>) // a JSON object
      : undefined;
  } catch {
    return undefined;
  }
}

/** Splits an SSE byte stream into its `data:` payloads, one call per event. */
export function onSseData(
  upstream: IncomingMessage,
  each: (data: string) => void,
  end: () => void,
): void {
  let buffer = '';
  upstream.setEncoding('utf8');
  upstream.on('data', (chunk: string) => {
    buffer += chunk;
    let cut = buffer.indexOf('\n\n');
    while (cut !== -1) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data !== '') each(data);
      cut = buffer.indexOf('\n\n');
    }
  });
  upstream.on('end', end);
}
