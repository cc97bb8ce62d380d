export {
  DEFAULT_HANDOFF_TOKENS,
  DEFAULT_MAX_CONCURRENCY,
  MAX_REPEAT,
  WORKFLOW_FORMAT_VERSION,
  plainStep,
} from './definition.js';
export type {
  HandoffDefinition,
  InputDefinition,
  RepeatDefinition,
  StepDefinition,
  WorkflowDefinition,
} from './definition.js';
export { outputProblem } from './output-schema.js';
export type { OutputDefinition } from './output-schema.js';
export { parseWorkflow } from './parse-workflow.js';
export type { ParsedWorkflow, WorkflowIssue } from './parse-workflow.js';
export { validateWorkflow } from './validate-workflow.js';
export type { CompiledStep, CompiledWorkflow, ValidateOptions } from './validate-workflow.js';
export { loadWorkflowFile, requireValid, resolveInputs } from './load-workflow.js';
export type { LoadedWorkflow } from './load-workflow.js';
export { CheckpointStore } from './checkpoint-store.js';
export { sqliteCheckpoints } from './checkpoint-repository.js';
export type { CheckpointRepository, NewRun } from './checkpoint-repository.js';
export type {
  IterationResult,
  RunOptions,
  RunRecord,
  RunStatus,
  StepRecord,
  StepStatus,
} from './checkpoint-store.js';
export { runWorkflow } from './scheduler.js';
export type { RunOutcome, SchedulerOptions, StepEvent, StepExecutor } from './scheduler.js';
export { cutToBudget, handoffBudget } from './handoff.js';
export { bundledWorkflowsDir } from './bundled-workflows.js';
export { WORKFLOW_EXTENSIONS, workflowDirs, workflowNames } from './workflow-files.js';
export {
  DEFAULT_MAX_DELEGATIONS,
  PLAN_STEP,
  VERIFY_STEP,
  planToWorkflow,
  planningTask,
  repairTask,
} from './pm-plan.js';
export type { PlanAgent, PlanResult } from './pm-plan.js';
export { simulatedPlan } from './sim-plan.js';
