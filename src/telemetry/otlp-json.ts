import type { AttributeValue, SpanData } from './span.js';

/** What identifies us in every export: `service.name` and `service.version`. */
export interface TraceResource {
  readonly serviceName: string;
  readonly serviceVersion: string;
}

/** The instrumentation scope name spans are reported under. */
export const SCOPE_NAME = 'claude-hybrid';

interface OtlpAttribute {
  readonly key: string;
  readonly value:
    | { readonly stringValue: string }
    | { readonly intValue: string }
    | { readonly doubleValue: number }
    | { readonly boolValue: boolean };
}

/**
 * An `ExportTraceServiceRequest` in the OTLP/HTTP JSON encoding: ids as hex strings, times as
 * decimal strings of nanoseconds (64-bit integers do not fit a JSON number), integer attributes
 * as strings (`intValue` is int64), enums as numbers.
 */
export function exportRequest(resource: TraceResource, spans: readonly SpanData[]): object {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            attribute('service.name', resource.serviceName),
            attribute('service.version', resource.serviceVersion),
          ],
        },
        scopeSpans: [
          {
            scope: { name: SCOPE_NAME, version: resource.serviceVersion },
            spans: spans.map(encodeSpan),
          },
        ],
      },
    ],
  };
}

function encodeSpan(span: SpanData): object {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: unixNano(span.startMs),
    endTimeUnixNano: unixNano(Math.max(span.endMs, span.startMs)),
    attributes: Object.entries(span.attributes).map(([key, value]) => attribute(key, value)),
    status: span.status.ok ? { code: 1 } : { code: 2, message: span.status.message },
  };
}

/**
 * Attributes whose values are amounts (`*_usd`, `*_ms`) are always doubles, so a collector sees
 * one type per key whether this cost happened to be 0 or 0.0123.
 */
const ALWAYS_DOUBLE = /(?:_usd|_ms)$/;

function attribute(key: string, value: AttributeValue): OtlpAttribute {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (Number.isSafeInteger(value) && !ALWAYS_DOUBLE.test(key))
    return { key, value: { intValue: String(value) } };
  return { key, value: { doubleValue: value } };
}

/** Epoch milliseconds (with a fraction) as a decimal string of nanoseconds, exactly. */
export function unixNano(ms: number): string {
  const micros = BigInt(Math.round(ms * 1000));
  return (micros * 1000n).toString();
}
