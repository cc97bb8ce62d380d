import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the receiver decoded it from the OTLP/HTTP JSON body. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly {
    readonly key: string;
    readonly value: Record<string, string | number | boolean>;
  }[];
  readonly status: { readonly code: number; readonly message?: string };
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`: the collector's base, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  readonly baseUrl: string;
  /** Every request received: its path, headers and parsed body. */
  readonly requests: { path: string; headers: Record<string, unknown>; body: unknown }[];
  /** Every span of every request, in arrival order. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

/**
 * A loopback OTLP/HTTP collector for tests: a real `node:http` server on a free port that
 * answers 200 `{}` to every POST and keeps what it was sent.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpReceiver['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP server: an AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    spans: () =>
      requests.flatMap((received) =>
        (
          received.body as {
            resourceSpans: { scopeSpans: { spans: ReceivedSpan[] }[] }[];
          }
        ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A span's attributes as a plain object: `{ key: value }` whatever the OTLP value type. */
export function attributesOf(span: ReceivedSpan): Record<string, string | number | boolean> {
  const plain: Record<string, string | number | boolean> = {};
  for (const { key, value } of span.attributes) {
    const [type, raw] = Object.entries(value)[0] ?? ['', ''];
    plain[key] = type === 'intValue' ? Number(raw) : raw;
  }
  return plain;
}
