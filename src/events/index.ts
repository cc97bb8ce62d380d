export { EVENT_VERSIONS } from './event-types.js';
export type {
  BusEvent,
  CallMetrics,
  EventMap,
  EventType,
  HookEventMap,
  HookEventPayload,
  HookEventType,
} from './event-types.js';
export { eventRecord } from './event-record.js';
export { eventJson } from './event-json.js';
export type { EventJson } from './event-json.js';
export type { EventRecordMeta } from './event-record.js';
export { HOOK_EVENTS, isHookEvent } from './hook-event-names.js';
export type { HookEvent } from './hook-event-names.js';
export { callMetrics } from './call-metrics.js';
export { createEventBus } from './bus.js';
export type { BusListener, EmitMeta, EventBus, EventBusOptions, Unsubscribe } from './bus.js';
export { attachEventPersistence } from './persistence.js';
export type { EventBatchWriter, EventPersistence, EventPersistenceOptions } from './persistence.js';
export { runStats } from './run-stats.js';
export { runStatsFromLog } from './run-stats-log.js';
export type { CostBreakdown, RunEvent, RunStats } from './run-stats.js';
