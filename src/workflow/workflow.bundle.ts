/**
 * dist/workflow.cjs: workflow files (parse, check) and the PM plan's step names, for the
 * `workflow validate` command and the plan view, which need no engine.
 */
export { PLAN_STEP, loadWorkflowFile } from './index.js';
