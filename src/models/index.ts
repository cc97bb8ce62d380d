export { bundledModelTable, loadModelTable, validateModelTable } from './model-table.js';
export type { ModelInfo, ModelPricing, ModelTable } from './model-table.js';
export { costOf, roundUsd } from './cost.js';
export type { CacheTtl } from './cost.js';
export { CONTEXT_THRESHOLDS, ContextTracker } from './context-tracker.js';
export type { Usage } from './usage.js';
export type { EscalatedCall, EscalationReason, RunEscalation } from './escalation.js';
