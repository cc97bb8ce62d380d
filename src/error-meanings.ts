import type { ErrorCode } from './error-codes.js';
import { defaultExitCode } from './error-codes.js';

/**
 * What each error code means, in one line: when it is raised. Typed over every code, so a code
 * without a meaning is a compile error. Only the docs and their tests load this; errors carry
 * their code and exit code without it.
 */
export const ERROR_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  usage: 'unknown command or option, missing or extra argument, bad option value',
  internal:
    'something other than a HybridError was thrown: a bug; rerun with --debug and report the stack trace',
  'config.invalid': 'a config value is invalid (file, line, key, expected, found)',
  'config.yaml': 'a config file is not valid YAML',
  'config.unreadable': 'a config file cannot be read',
  'config.too_large': 'a config file is over 1 MiB',
  'agents.not_found':
    'no agent has that name (exit 1 when the file of the agent the router chose vanished)',
  'agents.bad_name':
    'the name is not lower-case letters and digits separated by "-", "." or "_", or contains path separators',
  'agents.exists': '`agents new` would replace a file (use `--force`)',
  'agents.target_not_directory': 'the deploy target is a file',
  'agents.unreadable': 'an agent file vanished or became unreadable after it was listed',
  'skills.not_found':
    'no skill (a folder holding SKILL.md) has that name; the closest names are listed',
  'skills.target_not_directory': 'the skills deploy or undeploy target is a file',
  'skills.unreadable': 'the skills undeploy target cannot be read (permissions)',
  'routing.empty_task': '`route` was given an empty task',
  'routing.unknown_agent':
    'the task `@mentions` an agent that does not exist (the closest names are listed)',
  'routing.no_default_agent':
    'no agent matches the task and `routing.defaultAgent` names no agent to fall back to',
  'routing.llm_unavailable':
    "`routing.llm: auto` with a provider that cannot take the routing call (claude-code, openai): reported as a warning, the router's choice kept",
  'embeddings.unreachable':
    'the rerank embeddings server is down (route reports it as a warning and routes without rerank)',
  'embeddings.failed': 'the rerank embeddings server refused the request (reported as a warning)',
  'embeddings.bad_response':
    'the rerank embeddings server answered in another format (reported as a warning)',
  'models.invalid':
    'the model table is not valid (a tier names a model without pricing, a price is missing)',
  'models.unreadable': 'the model table file cannot be read',
  'engine.no_provider': '`run` has no provider (set `ANTHROPIC_API_KEY` or pass `--provider`)',
  'engine.unknown_provider': 'the provider named is not one this version has',
  'engine.unknown_model': 'the chosen model is not in the model table (the closest ids are listed)',
  'engine.model_required':
    'the `openai` provider was chosen without `--model` (or `models.agents.<name>`)',
  'engine.context_overflow':
    "the prompt alone fills the model's context window; nothing was called",
  'engine.invalid_options': 'invalid options were passed to `createHybrid`, `run` or `stream`',
  'engine.closed': 'a hybrid was used after `close()`',
  'deps.missing':
    'an optional dependency is not installed (the hint says which to install for what)',
  'budget.exceeded': 'the cost estimate is over `--max-cost`; nothing was called',
  'budget.step_exceeded':
    "a workflow step's estimate is over its `maxCostUsd` (the step fails; nothing was called for it)",
  'run.interrupted':
    'Ctrl-C stopped the run; the call was cancelled and a `run.failed` event recorded',
  'run.aborted': "the caller's AbortSignal stopped the run",
  'workflow.invalid':
    'a workflow file has issues (the first is shown with its file and line; `workflow validate` lists all)',
  'workflow.unknown': 'a workflow named without a path is neither in the project nor bundled',
  'workflow.unreadable': 'a workflow file cannot be read (missing, not UTF-8)',
  'workflow.too_large': 'a workflow file is over 1 MiB',
  'workflow.missing_input': 'a required `--input` is missing',
  'workflow.unknown_input': 'an `--input` is given that the workflow does not declare',
  'workflow.unknown_run':
    'no run with that id in this project (recent ids are listed; exit 1 when a run just started was not recorded)',
  'workflow.finished': '`workflow resume` of a run that succeeded',
  'workflow.running': '`workflow resume` of a run that is still running',
  'workflow.not_running': '`workflow cancel` of a run that is not running',
  'workflow.cancelled': 'the run was cancelled (`workflow cancel` or Ctrl-C) before it finished',
  'workflow.future_format': 'the run was checkpointed by a newer Claude Hybrid',
  'workflow.invalid_plan': "`run --pm`: the PM's plan failed its checks twice",
  'workflow.output_invalid':
    "a step's answer is not JSON matching its `output.schema` (after the retry on the next tier, with `escalate: true`)",
  'daemon.unreachable': "the daemon's port answered `daemon status` with an error (restart it)",
  'daemon.start_failed': 'the daemon did not come up (its reason is in `daemon.log`)',
  'daemon.port_taken':
    'an explicit `--port` is taken (without `--port`, a taken port falls back to a free one)',
  'claude_code.not_found':
    '`code` could not run `claude` (install Claude Code, or set `CLAUDE_HYBRID_CLAUDE`)',
  'hooks.unparseable_settings':
    'a Claude Code settings file is not JSON we can edit; it was left untouched',
  'hooks.no_daemon': 'http mode without a running daemon (`daemon start` first)',
  'hooks.no_relay': 'command mode without `dist/hook-relay.cjs` (or `.sh`)',
  'hooks.bad_target': 'a bad daemon port or token for the hooks',
  'hooks.symlinked_settings':
    '`.claude/` or its settings file is a symlink leading out of `.claude/`: the token could land in another file',
  'hooks.settings_changed': 'the settings file changed while it was being edited (run again)',
  'hooks.statusline_taken':
    '`hooks install --statusline` found a status line of your own; it was kept (`--force` replaces it)',
  'plugin.bad_out':
    '`plugin build --out` names a file, or a folder holding something other than a previous build',
  'mcp.unparseable_config':
    '`.mcp.json` or `~/.claude.json` is not a JSON object we can edit; it was left untouched',
  'mcp.no_entry':
    'the CLI entry `dist/cli.cjs` the server runs from is missing (reinstall, or build)',
  'mcp.config_changed': 'the MCP config file changed while it was being edited (run again)',
  'session.unknown_id': 'no session has that id or prefix (the closest are listed)',
  'session.ambiguous_id': 'the session id prefix matches several',
  'session.none': 'the project has no Claude Code sessions',
  'memory.unknown_agent':
    'a memory command named an agent that does not exist (the closest are listed)',
  'memory.bad_agent_name':
    'a memory name is not an agent name (letters, digits, `-`, `_`, `:`); it is never used as a path',
  'memory.rejected':
    '`memory add` refused the entry (empty, over 4 KB, control characters); the reason is shown',
  'memory.bad_import': '`memory import` was given something other than a `memory export` file',
  'memory.import_too_large':
    '`memory import` would push a memory file over its size cap (`memory.maxKilobytes`), which would drop entries; nothing was written (pass `--allow-evict` to let the oldest go)',
  'provider.no_key': '`ANTHROPIC_API_KEY` (or, for `openai`, `OPENAI_API_KEY`) is missing',
  'provider.auth': 'the API key was refused, or Claude Code is not logged in (not retried)',
  'provider.forbidden': 'the API key lacks access to this model',
  'provider.bad_request': 'the API rejected the request (its message is shown; not retried)',
  'provider.bad_response': 'the server answered without a message (retried)',
  'provider.claude_code_missing': '`claude` could not be started',
  'provider.cloud_config':
    'the bedrock or vertex provider is missing a setting (the Vertex AI region or project) or `provider.<cloud>.models` names a tier other than haiku, sonnet or opus',
  'provider.no_credentials':
    'the cloud refused or could not find credentials: the AWS credential chain for bedrock, Google application-default credentials for vertex (not retried)',
  'provider.claude_code_failed':
    'Claude Code failed for a reason of its own (its message is quoted; retried only when it ended without a result)',
  'provider.rate_limited': 'one attempt was rate limited (429; retried)',
  'provider.overloaded': 'one attempt found the API overloaded (529; retried)',
  'provider.server_error': 'one attempt failed with a server error (retried)',
  'provider.connection': 'one attempt could not connect (retried)',
  'provider.stream_failed': 'the response stream broke off during one attempt (retried)',
  'provider.timeout': 'one attempt took longer than `engine.attemptTimeoutMs`',
  'provider.retries_exhausted': 'retries ran out (the last failure is the cause)',
  'provider.deadline': '`engine.deadlineMs` came before an answer (the last failure is the cause)',
  'provider.circuit_open':
    'the provider refused 8 calls in a row as overloaded; calls fail fast for 15 s',
  'fs.not_writable': 'a directory or file cannot be created or written',
  'fs.not_readable': 'a file cannot be read',
  'events.invalid_options':
    'the event bus or its persistence was created with invalid options (a bug)',
  'store.not_initialized': 'the command needs `claude-hybrid init` first',
  'store.future_version':
    '`state.db` or the Postgres store (`store.url`) was written by a newer Claude Hybrid; it is left untouched',
  'store.not_a_database': '`state.db` is not a SQLite database',
  'store.busy': 'another process held the database lock longer than `store.busyTimeoutMs`',
  'store.not_found': 'a read-only open of a database file that does not exist',
  'store.schema_outdated': 'a read-only open of a database that still needs migrations',
  'store.readonly':
    '`state.db` or its folder cannot be written (file modes, an immutable file), or a write went through a read-only store',
  'store.empty':
    '`state.db` is empty (0 bytes); it is refused, not re-created: delete it to start again, or restore it',
  'store.invalid_options': 'the store was opened with invalid options',
  'store.invalid_query': 'an event query has invalid filters or limits',
  'store.invalid_event': 'an event to append is malformed',
  'store.payload_too_large': 'an event payload is over the 1 MiB cap',
  'store.migration_failed': "a migration's SQL failed; the database keeps its previous version",
  'store.invalid_migrations': 'the migration list itself is misnumbered (a bug in this code)',
  'store.invalid_url': '`store.url` is not a `postgres://` URL; fix it or remove it to use SQLite',
  'store.unreachable': 'the Postgres server named by `store.url` could not be reached within 10 s',
  'queue.invalid_url':
    'the queue URL (`--queue` or `queue.url`) is not a `redis://` or `rediss://` URL',
  'queue.invalid_options': 'a queue option (concurrency, timeouts) is out of range',
  'queue.unreachable': 'the Redis server named by the queue URL could not be reached within 10 s',
  'queue.job_failed':
    'a queued job failed on a worker after its bounded retries; its error is the cause',
  'queue.timeout': 'a queued job did not finish within the time the caller waits',
  'store.failed':
    'any other SQLite or Postgres failure (the driver error is the cause; see --debug)',
  'telemetry.bad_endpoint':
    'the OTLP endpoint (`telemetry.otlpEndpoint`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`) is not an http(s) URL, or `OTEL_EXPORTER_OTLP_HEADERS` is not `key=value,...`',
  'telemetry.invalid_metric':
    'a metric was declared with a name or labels Prometheus refuses, or redeclared differently: a bug',
};

export interface ErrorCodeInfo {
  /** Process exit code the CLI uses when the throw site gives none. */
  readonly exitCode: 1 | 2;
  /** When it is raised, in one line. */
  readonly meaning: string;
}

/** Every code with its default exit code and meaning, in registry order. */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = Object.fromEntries(
  (Object.keys(ERROR_MEANINGS) as ErrorCode[]).map((code) => [
    code,
    { exitCode: defaultExitCode(code), meaning: ERROR_MEANINGS[code] },
  ]),
) as Record<ErrorCode, ErrorCodeInfo>; // built from every key of ERROR_MEANINGS just above
