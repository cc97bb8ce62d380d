/**
 * dist/tracing.cjs: the OTLP trace exporter and the span builders. Required only once an OTLP
 * endpoint is configured (tracing-state.ts), so a process that exports nothing never loads it.
 */
export { Tracer } from './tracer.js';
