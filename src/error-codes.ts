/**
 * Every error code Claude Hybrid raises, by default exit code. `HybridError.code` is typed from
 * these lists, so a misspelt code is a compile error; what each one means is in
 * error-meanings.ts, from which docs/errors.md is generated (`npm run docs`). The lists are
 * kept apart from the meanings so every bundle carries only the codes (about 1 KB), not the
 * prose.
 *
 * Invariants: codes are stable strings that scripts match on, so a code is never renamed or
 * reused for another meaning. Exit code 2 is a user error (bad input, bad config, something to
 * install or do first) and 1 a failure of the system or of a dependency; it is the default a
 * throw site may override. A throw that overrides it says why at the site.
 */

/** Codes whose errors are the user's to fix: exit code 2 unless the throw site says otherwise. */
export const USER_ERROR_CODES = [
  'usage',
  'config.invalid',
  'config.yaml',
  'config.unreadable',
  'config.too_large',
  'agents.not_found',
  'agents.bad_name',
  'agents.exists',
  'agents.target_not_directory',
  'skills.not_found',
  'skills.target_not_directory',
  'routing.empty_task',
  'routing.unknown_agent',
  'routing.no_default_agent',
  'routing.llm_unavailable',
  'models.invalid',
  'models.unreadable',
  'engine.no_provider',
  'engine.unknown_provider',
  'engine.unknown_model',
  'engine.model_required',
  'engine.context_overflow',
  'engine.invalid_options',
  'deps.missing',
  'budget.exceeded',
  'budget.step_exceeded',
  'run.interrupted',
  'run.aborted',
  'workflow.invalid',
  'workflow.unreadable',
  'workflow.unknown',
  'workflow.too_large',
  'workflow.missing_input',
  'workflow.unknown_input',
  'workflow.unknown_run',
  'workflow.finished',
  'workflow.running',
  'workflow.not_running',
  'workflow.cancelled',
  'workflow.future_format',
  'workflow.invalid_plan',
  'claude_code.not_found',
  'hooks.unparseable_settings',
  'hooks.no_daemon',
  'hooks.no_relay',
  'hooks.bad_target',
  'mcp.unparseable_config',
  'mcp.no_entry',
  'hooks.symlinked_settings',
  'hooks.statusline_taken',
  'plugin.bad_out',
  'daemon.port_taken',
  'session.unknown_id',
  'session.ambiguous_id',
  'session.none',
  'memory.unknown_agent',
  'memory.bad_agent_name',
  'memory.rejected',
  'memory.bad_import',
  'memory.import_too_large',
  'provider.no_key',
  'provider.auth',
  'provider.forbidden',
  'provider.bad_request',
  'provider.claude_code_missing',
  'provider.cloud_config',
  'provider.no_credentials',
  'fs.not_writable',
  'fs.not_readable',
  'store.not_initialized',
  'store.invalid_options',
  'store.invalid_query',
  'store.readonly',
  'store.empty',
  'store.invalid_url',
  'queue.invalid_url',
  'queue.invalid_options',
  'telemetry.bad_endpoint',
] as const;

/** Codes of failures of the system or a dependency: exit code 1 unless the site says otherwise. */
export const FAILURE_CODES = [
  'internal',
  'agents.unreadable',
  'skills.unreadable',
  'embeddings.unreachable',
  'embeddings.failed',
  'embeddings.bad_response',
  'engine.closed',
  'daemon.unreachable',
  'daemon.start_failed',
  'hooks.settings_changed',
  'mcp.config_changed',
  'provider.bad_response',
  'provider.claude_code_failed',
  'provider.rate_limited',
  'provider.overloaded',
  'provider.server_error',
  'provider.connection',
  'provider.stream_failed',
  'provider.timeout',
  'provider.retries_exhausted',
  'provider.deadline',
  'provider.circuit_open',
  'events.invalid_options',
  'store.future_version',
  'store.not_a_database',
  'store.busy',
  'store.not_found',
  'store.schema_outdated',
  'store.invalid_event',
  'store.payload_too_large',
  'store.migration_failed',
  'store.invalid_migrations',
  'store.failed',
  'store.unreachable',
  'queue.unreachable',
  'queue.job_failed',
  'queue.timeout',
  'telemetry.invalid_metric',
  'workflow.output_invalid',
] as const;

/** A code `HybridError` may carry. */
export type ErrorCode = (typeof USER_ERROR_CODES)[number] | (typeof FAILURE_CODES)[number];

/** The codes of one family, e.g. `CodeOf<'session'>` is `session.none | session.unknown_id | …`. */
export type CodeOf<Prefix extends string> = Extract<ErrorCode, `${Prefix}.${string}`>;

let userCodes: ReadonlySet<string> | undefined;

/** The exit code an error with this code gets when its throw site gives none. */
export function defaultExitCode(code: ErrorCode): 1 | 2 {
  userCodes ??= new Set<string>(USER_ERROR_CODES);
  return userCodes.has(code) ? 2 : 1;
}
