import { randomBytes } from 'node:crypto';

/** A span attribute's value: OTLP's string, int, double or bool. */
export type AttributeValue = string | number | boolean;

/** OTLP span kinds used here. */
export const SpanKind = { internal: 1, server: 2, client: 3 } as const;

/** One finished span, before encoding. Times are epoch milliseconds (fractions allowed). */
export interface SpanData {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  readonly parentSpanId?: string | undefined;
  readonly name: string;
  readonly kind: (typeof SpanKind)[keyof typeof SpanKind];
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** ok, or error with a message (an error code, never a secret). */
  readonly status: { readonly ok: true } | { readonly ok: false; readonly message: string };
}

/** Makes trace and span ids; tests inject a counter. */
export interface SpanIds {
  traceId(): string;
  spanId(): string;
}

/** Random ids, as the W3C trace context wants (never all zeros in practice). */
export const randomSpanIds: SpanIds = {
  traceId: () => randomBytes(16).toString('hex'),
  spanId: () => randomBytes(8).toString('hex'),
};
