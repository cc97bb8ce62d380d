export { Engine } from './engine.js';
export type { EngineOptions } from './engine.js';
export { chooseAgent, fitAgentRun, planAgentRun, runAgent } from './agent-run.js';
export { planRoutedRun } from './routed-plan.js';
export { routingAsk } from './routing-ask.js';
export type {
  AgentRunEvent,
  AgentRunInput,
  AgentRunOptions,
  AgentRunPlan,
  AgentRunResult,
} from './agent-run.js';
export type { AgentMemory } from './agent-memory.js';
export type { ContextFit } from './context-fit.js';
export type { PickedAgent, RoutingSettings } from './pick-agent.js';
export { PROVIDERS } from './provider-choice.js';
export type { ProviderChoice, ProviderName } from './provider-choice.js';
export {
  adoptQueuedRun,
  checkpoints,
  createWorkflowRun,
  effectiveStatus,
  executeWorkflowRun,
  findRun,
  reopenWorkflowRun,
  resolveWorkflowFile,
  runnerAlive,
} from './workflow-runs.js';
export type { PreparedRun, WorkflowExecution } from './workflow-runs.js';
export { declinePlan, planGoal } from './pm-run.js';
export type { GoalPlan, GoalPlanInput } from './pm-run.js';
export { DEFAULT_MAX_DELEGATIONS } from '../workflow/index.js';
export { createEngine } from './create-engine.js';
export { openResponseCache } from './response-cache-file.js';
export { clearResponseCaches, responseCacheReport } from './cache-admin.js';
export type { CacheClearReport, CacheReport, SharedCacheReport } from './cache-admin.js';
export { engineExecutor } from './step-executor.js';
// The engine's clients are the ones a shared limit must reach: set it through this bundle.
export { setSharedLimit } from '../resilience/index.js';
export type { CacheStats, ResponseCache } from '../cache/index.js';
export { cancelWorkflowRun } from './workflow-cancel.js';
export { memoryAgent } from './memory-names.js';
export { workflowCatalog } from './workflow-catalog.js';
export type { WorkflowInfo, WorkflowInputInfo } from './workflow-catalog.js';
