/**
 * Claude Hybrid as a library: `createHybrid()` and its types, and the errors it throws. The
 * CLI is one face of the same engine; see docs/library.md.
 */
export { createHybrid } from './library/create-hybrid.js';
export type {
  AgentSummary,
  CacheStatsView,
  CostShare,
  EscalatedCall,
  EscalationReason,
  Hybrid,
  HybridEvent,
  HybridOptions,
  HybridRunEvent,
  MemoryAddOptions,
  MemoryAddResult,
  MemoryEntryView,
  MemoryHit,
  MemoryListOptions,
  MemorySearchOptions,
  ProviderName,
  RecentEventsOptions,
  RecordedEvent,
  RouteOptions,
  RouteResult,
  RoutingCall,
  RunEscalation,
  RunOptions,
  RunResult,
  RunStatsSummary,
  StatsOptions,
  StreamChunk,
  WorkflowInfo,
  WorkflowRunOptions,
  WorkflowRunResult,
  WorkflowRunState,
  WorkflowStatus,
  WorkflowStepEvent,
  WorkflowStepState,
  WorkflowStepStatus,
} from './library/types.js';
export {
  AgentError,
  BudgetError,
  ConfigError,
  HybridError,
  ProviderError,
  StoreError,
  QueueError,
  WorkflowError,
  isHybridError,
} from './errors.js';
export type { HybridErrorOptions } from './errors.js';
