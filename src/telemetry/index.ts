export { LATENCY_BUCKETS_MS, MetricsRegistry, metrics } from './metrics.js';
export type {
  Counter,
  Gauge,
  Histogram,
  HistogramOptions,
  Labels,
  LatencySummary,
} from './metrics.js';
export { instruments } from './instruments.js';
export type { Instruments } from './instruments.js';
export { SPAN_NAMES } from './span-names.js';
export { flushTracing, startTracing, traceBus, tracingEnabled } from './tracing-state.js';
export type { StartTracingOptions } from './tracing-state.js';
