/**
 * Commands built into their own bundle (dist/commands.cjs): every command's start-up pays for
 * the size of app.cjs, so the commands that go on to call a model, a server or a database at
 * length live here, and app.cjs keeps what `--help`, `agents`, `route`, `config` and `init` need.
 */
// Loaders, not re-exports: loading this bundle then initialises only the command that runs (and
// requires only the bundles it needs: engine, router, memory, workflows), not all of them.
export const loadWorkflowGroup = async () =>
  (await import('../cli/commands/workflow.js')).workflowGroup;
export const loadMemoryGroup = async () => (await import('../cli/commands/memory.js')).memoryGroup;
export const loadDaemonGroup = async () => (await import('../cli/commands/daemon.js')).daemonGroup;
export const loadSessionGroup = async () =>
  (await import('../cli/commands/session.js')).sessionGroup;
export const loadHooksGroup = async () => (await import('../cli/commands/hooks.js')).hooksGroup;
export const loadCodeGroup = async () => (await import('../cli/commands/code.js')).codeGroup;
export const loadRunGroup = async () => (await import('../cli/commands/run.js')).runGroup;
export const loadStatsGroup = async () => (await import('../cli/commands/stats.js')).statsGroup;
export const loadCacheGroup = async () => (await import('../cli/commands/cache.js')).cacheGroup;
export const loadEventsGroup = async () => (await import('../cli/commands/events.js')).eventsGroup;
export const loadClaudeCodeSetup = async () =>
  (await import('../cli/commands/claude-code-setup.js')).prepareClaudeCode;
