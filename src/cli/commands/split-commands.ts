/**
 * Commands built into their own bundle (dist/commands.cjs): every command's start-up pays for
 * the size of app.cjs, so the commands that go on to call a model, a server or a database at
 * length live here, and app.cjs keeps what `--help`, `agents`, `route`, `config` and `init` need.
 */
export { workflowGroup } from './workflow.js';
export { memoryGroup } from './memory.js';
export { runPm } from './run-pm.js';
export { daemonGroup } from './daemon.js';
export { sessionGroup } from './session.js';
export { hooksGroup } from './hooks.js';
export { codeGroup } from './code.js';
export { prepareClaudeCode } from './claude-code-setup.js';
export { runGroup } from './run.js';
export { statsGroup } from './stats.js';
export { cacheGroup } from './cache.js';
export { eventsGroup } from './events.js';
