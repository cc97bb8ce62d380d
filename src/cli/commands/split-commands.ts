/**
 * Commands built into their own bundle (dist/commands.cjs): every command's start-up pays for
 * the size of app.cjs, and only these commands need this code.
 */
export { workflowGroup } from './workflow.js';
export { memoryGroup } from './memory.js';
export { runPm } from './run-pm.js';
export { daemonGroup } from './daemon.js';
export { sessionGroup } from './session.js';
export { hooksGroup } from './hooks.js';
export { codeGroup } from './code.js';
export { prepareClaudeCode } from './claude-code-setup.js';
