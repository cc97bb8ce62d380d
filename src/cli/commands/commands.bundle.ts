/**
 * Commands built into their own bundle (dist/commands.cjs): every command's start-up pays for
 * the size of app.cjs, so the commands that go on to call a model, a server or a database at
 * length live here, and app.cjs keeps what `--help`, `agents`, `route`, `config` and `init` need.
 */
// Loaders, not re-exports: loading this bundle then initialises only the command that runs (and
// requires only the bundles it needs: engine, router, memory, workflows), not all of them.
export const loadWorkflowGroup = async () => (await import('./workflow.js')).workflowGroup;
export const loadMemoryGroup = async () => (await import('./memory.js')).memoryGroup;
export const loadDaemonGroup = async () => (await import('./daemon.js')).daemonGroup;
export const loadDashboardGroup = async () => (await import('./dashboard.js')).dashboardGroup;
export const loadSessionGroup = async () => (await import('./session.js')).sessionGroup;
export const loadHooksGroup = async () => (await import('./hooks.js')).hooksGroup;
export const loadCodeGroup = async () => (await import('./code.js')).codeGroup;
export const loadRunGroup = async () => (await import('./run.js')).runGroup;
export const loadStatsGroup = async () => (await import('./stats.js')).statsGroup;
export const loadStatuslineGroup = async () => (await import('./statusline.js')).statuslineGroup;
export const loadWorkerGroup = async () => (await import('./worker.js')).workerGroup;
export const loadCacheGroup = async () => (await import('./cache.js')).cacheGroup;
export const loadEventsGroup = async () => (await import('./events.js')).eventsGroup;
export const loadStoreGroup = async () => (await import('./store.js')).storeGroup;
export const loadMcpGroup = async () => (await import('./mcp.js')).mcpGroup;
export const loadClaudeCodeSetup = async () =>
  (await import('./claude-code-setup.js')).prepareClaudeCode;
/**
 * `completion SHELL` when the build wrote no script for it (dist/completion/): the generators and
 * the command table stay out of app.cjs, which every command loads.
 */
export const loadCompletionScript = async () =>
  (await import('../completion/completion-script.js')).completionScriptFromTable;
