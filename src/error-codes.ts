/**
 * Every error code Claude Hybrid raises, with its default exit code and when it is raised.
 * `HybridError.code` is typed from this table, so a misspelt code is a compile error, and
 * docs/errors.md is generated from it (`npm run docs`).
 *
 * Invariants: codes are stable strings that scripts match on, so a code is never renamed or
 * reused for another meaning. `exitCode` 2 is a user error (bad input, bad config, something to
 * install or do first) and 1 a failure of the system or of a dependency; it is the default a
 * throw site may override. A throw that overrides it says why at the site.
 */
export interface ErrorCodeInfo {
  /** Process exit code the CLI uses when the throw site gives none. */
  readonly exitCode: 1 | 2;
  /** When it is raised, in one line. */
  readonly meaning: string;
}

export const ERROR_CODES = {
  usage: {
    exitCode: 2,
    meaning: 'unknown command or option, missing or extra argument, bad option value',
  },
  internal: {
    exitCode: 1,
    meaning:
      'something other than a HybridError was thrown: a bug; rerun with --debug and report the stack trace',
  },

  'config.invalid': {
    exitCode: 2,
    meaning: 'a config value is invalid (file, line, key, expected, found)',
  },
  'config.yaml': { exitCode: 2, meaning: 'a config file is not valid YAML' },
  'config.unreadable': { exitCode: 2, meaning: 'a config file cannot be read' },
  'config.too_large': { exitCode: 2, meaning: 'a config file is over 1 MiB' },

  'agents.not_found': {
    exitCode: 2,
    meaning: 'no agent has that name (exit 1 when the file of the agent the router chose vanished)',
  },
  'agents.bad_name': {
    exitCode: 2,
    meaning: 'the name is not kebab-case or contains path separators',
  },
  'agents.exists': { exitCode: 2, meaning: '`agents new` would replace a file (use `--force`)' },
  'agents.target_not_directory': { exitCode: 2, meaning: 'the deploy target is a file' },
  'agents.unreadable': {
    exitCode: 1,
    meaning: 'an agent file vanished or became unreadable after it was listed',
  },

  'routing.empty_task': { exitCode: 2, meaning: '`route` was given an empty task' },
  'routing.unknown_agent': {
    exitCode: 2,
    meaning: 'the task `@mentions` an agent that does not exist (the closest names are listed)',
  },
  'embeddings.unreachable': {
    exitCode: 1,
    meaning:
      'the rerank embeddings server is down (route reports it as a warning and routes without rerank)',
  },
  'embeddings.failed': {
    exitCode: 1,
    meaning: 'the rerank embeddings server refused the request (reported as a warning)',
  },
  'embeddings.bad_response': {
    exitCode: 1,
    meaning: 'the rerank embeddings server answered in another format (reported as a warning)',
  },
  'models.invalid': {
    exitCode: 2,
    meaning:
      'the model table is not valid (a tier names a model without pricing, a price is missing)',
  },
  'models.unreadable': { exitCode: 2, meaning: 'the model table file cannot be read' },

  'engine.no_provider': {
    exitCode: 2,
    meaning: '`run` has no provider (set `ANTHROPIC_API_KEY` or pass `--provider`)',
  },
  'engine.unknown_provider': {
    exitCode: 2,
    meaning: 'the provider named is not one this version has',
  },
  'engine.unknown_model': {
    exitCode: 2,
    meaning: 'the chosen model is not in the model table (the closest ids are listed)',
  },
  'engine.model_required': {
    exitCode: 2,
    meaning: 'the `openai` provider was chosen without `--model` (or `models.agents.<name>`)',
  },
  'engine.context_overflow': {
    exitCode: 2,
    meaning: "the prompt alone fills the model's context window; nothing was called",
  },
  'engine.invalid_options': {
    exitCode: 2,
    meaning: 'invalid options were passed to `createHybrid`, `run` or `stream`',
  },
  'engine.closed': { exitCode: 1, meaning: 'a hybrid was used after `close()`' },
  'deps.missing': {
    exitCode: 2,
    meaning: 'an optional dependency is not installed (the hint says which to install for what)',
  },

  'budget.exceeded': {
    exitCode: 2,
    meaning: 'the cost estimate is over `--max-cost`; nothing was called',
  },
  'budget.step_exceeded': {
    exitCode: 2,
    meaning:
      "a workflow step's estimate is over its `maxCostUsd` (the step fails; nothing was called for it)",
  },

  'run.interrupted': {
    exitCode: 2,
    meaning: 'Ctrl-C stopped the run; the call was cancelled and a `run.failed` event recorded',
  },
  'run.aborted': { exitCode: 2, meaning: "the caller's AbortSignal stopped the run" },

  'workflow.invalid': {
    exitCode: 2,
    meaning:
      'a workflow file has issues (the first is shown with its file and line; `workflow validate` lists all)',
  },
  'workflow.unreadable': {
    exitCode: 2,
    meaning: 'a workflow file cannot be read (missing, not UTF-8)',
  },
  'workflow.too_large': { exitCode: 2, meaning: 'a workflow file is over 1 MiB' },
  'workflow.missing_input': { exitCode: 2, meaning: 'a required `--input` is missing' },
  'workflow.unknown_input': {
    exitCode: 2,
    meaning: 'an `--input` is given that the workflow does not declare',
  },
  'workflow.unknown_run': {
    exitCode: 2,
    meaning:
      'no run with that id in this project (recent ids are listed; exit 1 when a run just started was not recorded)',
  },
  'workflow.finished': { exitCode: 2, meaning: '`workflow resume` of a run that succeeded' },
  'workflow.running': {
    exitCode: 2,
    meaning: '`workflow resume` of a run that is still running',
  },
  'workflow.not_running': {
    exitCode: 2,
    meaning: '`workflow cancel` of a run that is not running',
  },
  'workflow.cancelled': {
    exitCode: 2,
    meaning: 'the run was cancelled (`workflow cancel` or Ctrl-C) before it finished',
  },
  'workflow.future_format': {
    exitCode: 2,
    meaning: 'the run was checkpointed by a newer Claude Hybrid',
  },
  'workflow.invalid_plan': {
    exitCode: 2,
    meaning: "`run --pm`: the PM's plan failed its checks twice",
  },
  'workflow.sim_cannot_plan': {
    exitCode: 2,
    meaning: '`run --pm` with the `sim` provider, which cannot write a plan',
  },

  'daemon.unreachable': {
    exitCode: 1,
    meaning: "the daemon's port answered `daemon status` with an error (restart it)",
  },
  'daemon.start_failed': {
    exitCode: 1,
    meaning:
      'the daemon did not come up (see `daemon.log`; another process may hold `daemon.port`)',
  },
  'claude_code.not_found': {
    exitCode: 2,
    meaning: '`code` could not run `claude` (install Claude Code, or set `CLAUDE_HYBRID_CLAUDE`)',
  },
  'hooks.unparseable_settings': {
    exitCode: 2,
    meaning: 'a Claude Code settings file is not JSON we can edit; it was left untouched',
  },
  'hooks.no_daemon': {
    exitCode: 2,
    meaning: 'http mode without a running daemon (`daemon start` first)',
  },
  'hooks.no_relay': {
    exitCode: 2,
    meaning: 'command mode without `dist/hook-relay.cjs` (or `.sh`)',
  },
  'hooks.bad_target': { exitCode: 2, meaning: 'a bad daemon port or token for the hooks' },
  'hooks.settings_changed': {
    exitCode: 1,
    meaning: 'the settings file changed while it was being edited (run again)',
  },
  'session.unknown_id': {
    exitCode: 2,
    meaning: 'no session has that id or prefix (the closest are listed)',
  },
  'session.ambiguous_id': { exitCode: 2, meaning: 'the session id prefix matches several' },
  'session.none': { exitCode: 2, meaning: 'the project has no Claude Code sessions' },

  'memory.unknown_agent': {
    exitCode: 2,
    meaning: 'a memory command named an agent that does not exist (the closest are listed)',
  },
  'memory.bad_agent_name': {
    exitCode: 2,
    meaning:
      'a memory name is not an agent name (letters, digits, `-`, `_`, `:`); it is never used as a path',
  },
  'memory.rejected': {
    exitCode: 2,
    meaning:
      '`memory add` refused the entry (empty, over 4 KB, control characters); the reason is shown',
  },
  'memory.bad_import': {
    exitCode: 2,
    meaning: '`memory import` was given something other than a `memory export` file',
  },

  'provider.no_key': {
    exitCode: 2,
    meaning: '`ANTHROPIC_API_KEY` (or, for `openai`, `OPENAI_API_KEY`) is missing',
  },
  'provider.auth': { exitCode: 2, meaning: 'the API key was refused' },
  'provider.forbidden': { exitCode: 2, meaning: 'the API key lacks access to this model' },
  'provider.bad_request': {
    exitCode: 2,
    meaning: 'the API rejected the request (its message is shown; not retried)',
  },
  'provider.bad_response': {
    exitCode: 1,
    meaning: 'the server answered without a message (retried)',
  },
  'provider.claude_code_missing': { exitCode: 2, meaning: '`claude` could not be started' },
  'provider.claude_code_failed': { exitCode: 1, meaning: 'Claude Code ended without a result' },
  'provider.rate_limited': { exitCode: 1, meaning: 'one attempt was rate limited (429; retried)' },
  'provider.overloaded': {
    exitCode: 1,
    meaning: 'one attempt found the API overloaded (529; retried)',
  },
  'provider.server_error': {
    exitCode: 1,
    meaning: 'one attempt failed with a server error (retried)',
  },
  'provider.connection': { exitCode: 1, meaning: 'one attempt could not connect (retried)' },
  'provider.stream_failed': {
    exitCode: 1,
    meaning: 'the response stream broke off during one attempt (retried)',
  },
  'provider.timeout': {
    exitCode: 1,
    meaning: 'one attempt took longer than `engine.attemptTimeoutMs`',
  },
  'provider.retries_exhausted': {
    exitCode: 1,
    meaning: 'retries ran out (the last failure is the cause)',
  },
  'provider.deadline': {
    exitCode: 1,
    meaning: '`engine.deadlineMs` came before an answer (the last failure is the cause)',
  },
  'provider.circuit_open': {
    exitCode: 1,
    meaning: 'the provider refused 8 calls in a row as overloaded; calls fail fast for 15 s',
  },

  'fs.not_writable': { exitCode: 2, meaning: 'a directory or file cannot be created or written' },
  'fs.not_readable': { exitCode: 2, meaning: 'a file cannot be read' },
  'events.invalid_options': {
    exitCode: 1,
    meaning: 'the event bus or its persistence was created with invalid options (a bug)',
  },

  'store.not_initialized': { exitCode: 2, meaning: 'the command needs `claude-hybrid init` first' },
  'store.future_version': {
    exitCode: 1,
    meaning: '`state.db` was written by a newer Claude Hybrid; it is left untouched',
  },
  'store.not_a_database': { exitCode: 1, meaning: '`state.db` is not a SQLite database' },
  'store.busy': {
    exitCode: 1,
    meaning: 'another process held the database lock longer than `store.busyTimeoutMs`',
  },
  'store.not_found': {
    exitCode: 1,
    meaning: 'a read-only open of a database file that does not exist',
  },
  'store.schema_outdated': {
    exitCode: 1,
    meaning: 'a read-only open of a database that still needs migrations',
  },
  'store.readonly': { exitCode: 1, meaning: 'a write through a read-only store' },
  'store.invalid_options': { exitCode: 2, meaning: 'the store was opened with invalid options' },
  'store.invalid_query': { exitCode: 2, meaning: 'an event query has invalid filters or limits' },
  'store.invalid_event': { exitCode: 1, meaning: 'an event to append is malformed' },
  'store.payload_too_large': { exitCode: 1, meaning: 'an event payload is over the 1 MiB cap' },
  'store.migration_failed': {
    exitCode: 1,
    meaning: "a migration's SQL failed; the database keeps its previous version",
  },
  'store.invalid_migrations': {
    exitCode: 1,
    meaning: 'the migration list itself is misnumbered (a bug in this code)',
  },
  'store.failed': {
    exitCode: 1,
    meaning: 'any other SQLite failure (the SQLite error is the cause; see --debug)',
  },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

/** A code `HybridError` may carry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one family, e.g. `CodeOf<'session'>` is `session.none | session.unknown_id | …`. */
export type CodeOf<Prefix extends string> = Extract<ErrorCode, `${Prefix}.${string}`>;
