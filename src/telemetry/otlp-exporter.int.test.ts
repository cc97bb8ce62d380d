import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../../test/support/otlp-receiver.js';
import type { OtlpReceiver } from '../../test/support/otlp-receiver.js';
import { metrics } from './metrics.js';
import { OtlpExporter } from './otlp-exporter.js';
import type { OtlpExporterOptions } from './otlp-exporter.js';
import { SpanKind } from './span.js';
import type { SpanData } from './span.js';

const RESOURCE = { serviceName: 'claude-hybrid', serviceVersion: '9.9.9' };

function span(index: number): SpanData {
  return {
    traceId: index.toString(16).padStart(32, '0'),
    spanId: index.toString(16).padStart(16, '0'),
    name: `span-${index}`,
    kind: SpanKind.internal,
    startMs: 1_000 + index,
    endMs: 1_001 + index,
    attributes: { index },
    status: { ok: true },
  };
}

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP server: an AddressInfo
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

const open: OtlpExporter[] = [];
const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((exporter) => exporter.shutdown(100)));
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

function exporter(
  url: string,
  warnings: string[],
  options: Partial<OtlpExporterOptions> = {},
): OtlpExporter {
  const created = new OtlpExporter({
    target: { url, headers: { 'x-api-key': 'secret-value' } },
    resource: RESOURCE,
    warn: (message) => warnings.push(message),
    intervalMs: 60_000,
    ...options,
  });
  open.push(created);
  return created;
}

describe('OtlpExporter', () => {
  it('sends a full batch at once and the rest on flush, as JSON with the configured headers', async () => {
    const receiver = await startOtlpReceiver();
    receivers.push(receiver);
    const warnings: string[] = [];
    const sender = exporter(`${receiver.baseUrl}/v1/traces`, warnings, { maxBatch: 2 });
    for (let index = 1; index <= 3; index += 1) sender.add(span(index));
    expect(sender.pending).toBe(1); // the first two went as a batch
    await sender.flush(2_000);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0]?.path).toBe('/v1/traces');
    expect(receiver.requests[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': 'secret-value',
    });
    expect(receiver.spans().map((received) => received.name)).toEqual([
      'span-1',
      'span-2',
      'span-3',
    ]);
    expect(warnings).toEqual([]);
  });

  it('drops spans beyond the queue bound and counts them', async () => {
    const receiver = await startOtlpReceiver();
    receivers.push(receiver);
    const dropped = metrics().counter(
      'claude_hybrid_trace_spans_total',
      'Finished spans by what became of them: exported to the OTLP collector or dropped.',
      ['outcome'],
    );
    const before = dropped.get({ outcome: 'dropped' });
    const sender = exporter(`${receiver.baseUrl}/v1/traces`, [], { maxBatch: 100, maxQueue: 3 });
    for (let index = 1; index <= 5; index += 1) sender.add(span(index));
    expect(sender.pending).toBe(3);
    expect(dropped.get({ outcome: 'dropped' }) - before).toBe(2);
    await sender.flush(2_000);
    expect(receiver.spans()).toHaveLength(3);
  });

  it('notes a dead collector once, never throws, and gives up at the flush deadline', async () => {
    const port = await deadPort();
    const warnings: string[] = [];
    const sender = exporter(`http://user:pw@127.0.0.1:${port}/v1/traces?key=k`, warnings, {
      maxBatch: 1,
    });
    sender.add(span(1));
    sender.add(span(2));
    const started = performance.now();
    await sender.flush(1_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    sender.add(span(3));
    await sender.flush(1_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      `telemetry: cannot export spans to http://127.0.0.1:${port}/v1/traces (connect ECONNREFUSED 127.0.0.1:${port}); dropping them until it answers`,
    );
    expect(warnings[0]).not.toContain('secret-value');
    expect(sender.pending).toBe(0);
  });

  it('stops waiting for a collector that never answers at the flush deadline', async () => {
    // Accepts connections and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo; // a TCP server: an AddressInfo
    try {
      const sender = exporter(`http://127.0.0.1:${port}/v1/traces`, []);
      sender.add(span(1));
      const started = performance.now();
      await sender.flush(300);
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(1_000);
    } finally {
      silent.close();
    }
  });
});
