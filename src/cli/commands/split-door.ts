/**
 * The door to dist/commands.cjs. Command modules are loaded on demand with `import()`, which the
 * CommonJS build turns into a lazy module init inside app.cjs; this module's static import of
 * the external bundle then becomes a plain `require` at that moment (a real dynamic import would
 * need an ESM loader the code-cached app.cjs does not have).
 */
export {
  loadCacheGroup,
  loadClaudeCodeSetup,
  loadCodeGroup,
  loadCompletionScript,
  loadDaemonGroup,
  loadDashboardGroup,
  loadEventsGroup,
  loadHooksGroup,
  loadMcpGroup,
  loadMemoryGroup,
  loadRunGroup,
  loadSessionGroup,
  loadStatsGroup,
  loadStatuslineGroup,
  loadStoreGroup,
  loadWorkerGroup,
  loadWorkflowGroup,
} from './commands.bundle.js';
