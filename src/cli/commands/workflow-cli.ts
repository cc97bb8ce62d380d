/**
 * The workflow commands and PM delegation, built into their own bundle (dist/workflow-cli.cjs):
 * every command's start-up pays for the size of app.cjs, and only `workflow` and `run --pm`
 * need these.
 */
export { workflowGroup } from './workflow.js';
export { runPm } from './run-pm.js';
