import { describe, expect, it } from 'vitest';
import { exportRequest, unixNano } from './otlp-json.js';
import { SpanKind } from './span.js';

describe('OTLP JSON encoding', () => {
  it('writes nanosecond times exactly, beyond the precision of a double', () => {
    expect(unixNano(1_796_595_754_308)).toBe('1796595754308000000');
    expect(unixNano(1_796_595_754_308.125)).toBe('1796595754308125000');
  });

  it('encodes a span with its resource, scope, typed attributes and status', () => {
    const body = exportRequest({ serviceName: 'claude-hybrid', serviceVersion: '1.2.3' }, [
      {
        traceId: '0'.repeat(31) + '1',
        spanId: '0'.repeat(15) + '2',
        parentSpanId: '0'.repeat(15) + '3',
        name: 'claude_hybrid.run',
        kind: SpanKind.internal,
        startMs: 1000,
        endMs: 1500.5,
        attributes: { text: 'a', count: 3, ratio: 0.5, flag: true, 'claude_hybrid.cost_usd': 0 },
        status: { ok: false, message: 'provider.timeout' },
      },
    ]);
    expect(body).toEqual({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'claude-hybrid' } },
              { key: 'service.version', value: { stringValue: '1.2.3' } },
            ],
          },
          scopeSpans: [
            {
              scope: { name: 'claude-hybrid', version: '1.2.3' },
              spans: [
                {
                  traceId: '00000000000000000000000000000001',
                  spanId: '0000000000000002',
                  parentSpanId: '0000000000000003',
                  name: 'claude_hybrid.run',
                  kind: 1,
                  startTimeUnixNano: '1000000000',
                  endTimeUnixNano: '1500500000',
                  attributes: [
                    { key: 'text', value: { stringValue: 'a' } },
                    { key: 'count', value: { intValue: '3' } },
                    { key: 'ratio', value: { doubleValue: 0.5 } },
                    { key: 'flag', value: { boolValue: true } },
                    { key: 'claude_hybrid.cost_usd', value: { doubleValue: 0 } },
                  ],
                  status: { code: 2, message: 'provider.timeout' },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('never ends a span before it starts', () => {
    const body = exportRequest({ serviceName: 's', serviceVersion: 'v' }, [
      {
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        name: 'x',
        kind: SpanKind.client,
        startMs: 2000,
        endMs: 1999,
        attributes: {},
        status: { ok: true },
      },
    ]) as { resourceSpans: { scopeSpans: { spans: { endTimeUnixNano: string }[] }[] }[] };
    expect(body.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.endTimeUnixNano).toBe('2000000000');
  });
});
