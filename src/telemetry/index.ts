export { LATENCY_BUCKETS_MS, MetricsRegistry, metrics } from './metrics.js';
export type {
  Counter,
  Gauge,
  Histogram,
  HistogramOptions,
  Labels,
  LatencySummary,
} from './metrics.js';
