/**
 * dist/engine.cjs: agent runs, workflow runs, the PM and everything they use (providers, the
 * resilient client, the response cache, routing, memory, the scheduler). Loaded by `run`,
 * `workflow`, `cache` and the library, only when they first need it.
 */
export {
  DEFAULT_MAX_DELEGATIONS,
  adoptQueuedRun,
  cancelWorkflowRun,
  checkpoints,
  clearResponseCaches,
  createEngine,
  createWorkflowRun,
  declinePlan,
  effectiveStatus,
  engineExecutor,
  executeWorkflowRun,
  findRun,
  fitAgentRun,
  memoryAgent,
  openResponseCache,
  planAgentRun,
  planGoal,
  planRoutedRun,
  reopenWorkflowRun,
  resolveWorkflowFile,
  responseCacheReport,
  routingAsk,
  runAgent,
  setSharedLimit,
  workflowCatalog,
} from './index.js';
export { routeInProject } from '../routing/index.js';
