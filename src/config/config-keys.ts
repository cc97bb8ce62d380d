/**
 * Every configuration key, in one table: the defaults, the environment variable names, the
 * `config show` listing, the commented template `init` writes, and README's configuration
 * reference all come from here. Version 1 of the config file format.
 */
export type ConfigKind =
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'number'; readonly min: number; readonly max: number }
  | { readonly type: 'string-map' }
  | { readonly type: 'string' }
  | { readonly type: 'string-list' }
  | { readonly type: 'enum'; readonly values: readonly string[] };

export interface ConfigKey {
  /** Dotted key path, e.g. `agents.bundled`. */
  readonly path: string;
  readonly kind: ConfigKind;
  readonly description: string;
}

export const CONFIG_FORMAT_VERSION = 1;

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    path: 'version',
    kind: { type: 'integer', min: 1, max: CONFIG_FORMAT_VERSION },
    description: 'Config file format version.',
  },
  {
    path: 'agents.bundled',
    kind: { type: 'boolean' },
    description:
      'Include the bundled agents in discovery (--no-bundled turns them off for one command).',
  },
  {
    path: 'agents.paths',
    kind: { type: 'string-list' },
    description: 'Extra agent directories, relative to the project root (scope "custom").',
  },
  {
    path: 'agents.cache',
    kind: { type: 'boolean' },
    description:
      'Keep parsed agent frontmatter in $CLAUDE_HYBRID_HOME/cache/agents so new processes skip re-parsing unchanged files.',
  },
  {
    path: 'agents.deployTarget',
    kind: { type: 'string' },
    description:
      'Where `agents deploy` writes Claude Code agent files, relative to the project root.',
  },
  {
    path: 'store.busyTimeoutMs',
    kind: { type: 'integer', min: 0, max: 600_000 },
    description:
      'How long a write waits for another process holding the SQLite lock, in milliseconds.',
  },
  {
    path: 'events.batchSize',
    kind: { type: 'integer', min: 1, max: 10_000 },
    description: 'Events written to the store per batch.',
  },
  {
    path: 'events.flushIntervalMs',
    kind: { type: 'integer', min: 0, max: 60_000 },
    description: 'Longest an event waits in memory before it is written, in milliseconds.',
  },
  {
    path: 'routing.defaultAgent',
    kind: { type: 'string' },
    description: 'The agent a task goes to when the router is not confident (the orchestrator).',
  },
  {
    path: 'routing.threshold',
    kind: { type: 'number', min: 0, max: 1 },
    description: 'Router confidence (0 to 1) below which the default agent is chosen.',
  },
  {
    path: 'routing.generalist',
    kind: { type: 'string' },
    description:
      'The agent for ordinary implementation work; the router weights its score up a little because its description cannot name every topic (a name no agent has, such as none, turns this off).',
  },
  {
    path: 'routing.rerank',
    kind: { type: 'boolean' },
    description:
      'Rerank the best candidates by embedding similarity (needs an OpenAI-compatible embeddings server; --rerank turns it on for one command).',
  },
  {
    path: 'routing.embeddingsUrl',
    kind: { type: 'string' },
    description:
      'Base URL of the OpenAI-compatible embeddings API used by rerank (the key, if any, comes from OPENAI_API_KEY).',
  },
  {
    path: 'routing.embeddingsModel',
    kind: { type: 'string' },
    description: 'Embedding model name for rerank.',
  },
  {
    path: 'routing.rerankWeight',
    kind: { type: 'number', min: 0, max: 1 },
    description: 'Share of the reranked score that comes from embedding similarity.',
  },
  {
    path: 'models.table',
    kind: { type: 'string' },
    description:
      'Model table: "bundled", or a JSON file (relative to the project root) mapping tiers to model ids with pricing and context windows.',
  },
  {
    path: 'models.agents',
    kind: { type: 'string-map' },
    description:
      'Per-agent model, e.g. {engineer: opus}; beats the agent file and the classifier, loses to --model.',
  },
  {
    path: 'engine.provider',
    kind: { type: 'enum', values: ['auto', 'anthropic', 'claude-code', 'openai', 'sim'] },
    description:
      'Model provider for `run`: auto (anthropic when ANTHROPIC_API_KEY is set, else claude-code when claude is on PATH), anthropic, claude-code, openai (an OpenAI-compatible server such as Ollama or vLLM), or sim (offline, simulated answers).',
  },
  {
    path: 'engine.openaiBaseUrl',
    kind: { type: 'string' },
    description:
      'API root of the OpenAI-compatible server the openai provider calls (key, if needed, from OPENAI_API_KEY).',
  },
  {
    path: 'engine.maxConcurrency',
    kind: { type: 'integer', min: 1, max: 256 },
    description: 'Model calls in flight at once per provider.',
  },
  {
    path: 'engine.maxAttempts',
    kind: { type: 'integer', min: 1, max: 20 },
    description:
      'Attempts per model call, the first included (retries on 408/409/429/5xx/529 and resets).',
  },
  {
    path: 'engine.attemptTimeoutMs',
    kind: { type: 'integer', min: 1_000, max: 3_600_000 },
    description: 'Time limit of one attempt, in milliseconds.',
  },
  {
    path: 'engine.deadlineMs',
    kind: { type: 'integer', min: 1_000, max: 86_400_000 },
    description: 'Time limit of a whole call, retries and waits included, in milliseconds.',
  },
  {
    path: 'engine.remoteTokenCount',
    kind: { type: 'boolean' },
    description:
      "Count large prompts with the provider's count endpoint (one extra request) instead of estimating from its characters.",
  },
  {
    path: 'engine.maxOutputTokens',
    kind: { type: 'integer', min: 1, max: 1_000_000 },
    description: "Output token limit of a run (capped at the model's own maximum).",
  },
  {
    path: 'cache.enabled',
    kind: { type: 'boolean' },
    description:
      'Answer repeated identical model requests from the response cache (--no-cache skips it once).',
  },
  {
    path: 'cache.ttlSeconds',
    kind: { type: 'integer', min: 1, max: 31_536_000 },
    description: 'How long a cached response stays valid, in seconds.',
  },
  {
    path: 'cache.maxMegabytes',
    kind: { type: 'integer', min: 1, max: 100_000 },
    description: 'Size cap of the on-disk response cache, in MiB.',
  },
  {
    path: 'memory.enabled',
    kind: { type: 'boolean' },
    description:
      'Recall agent memory into prompts, capture "Remember" blocks from answers, and keep session history.',
  },
  {
    path: 'memory.recallTokens',
    kind: { type: 'integer', min: 0, max: 100_000 },
    description: 'Token budget of the memory recalled into one prompt (0 turns recall off).',
  },
  {
    path: 'memory.maxKilobytes',
    kind: { type: 'integer', min: 4, max: 10_240 },
    description: 'Size cap of one memory file, in KiB; reaching 80% of it optimises the file.',
  },
  {
    path: 'daemon.port',
    kind: { type: 'integer', min: 1024, max: 65_535 },
    description: 'Loopback port of the daemon that Claude Code hooks report to.',
  },
  {
    path: 'hooks.denyBash',
    kind: { type: 'string-list' },
    description:
      'Regular expressions: a Bash command Claude Code is about to run that matches one is denied, with the reason shown.',
  },
  {
    path: 'ui.color',
    kind: { type: 'enum', values: ['auto', 'always', 'never'] },
    description:
      'Colour output: auto (only on a TTY, and never when NO_COLOR is set), always or never.',
  },
];

/** `agents.deployTarget` → `CLAUDE_HYBRID_AGENTS_DEPLOY_TARGET`. */
export function envNameFor(path: string): string {
  return `CLAUDE_HYBRID_${path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}`;
}

/** `CLAUDE_HYBRID_*` variables that are not config keys. */
export const RESERVED_ENV = new Set([
  'CLAUDE_HYBRID_HOME',
  'CLAUDE_HYBRID_COMPILE_CACHE',
  // The claude executable `code` launches, and the token it passes to Claude Code's http hooks.
  'CLAUDE_HYBRID_CLAUDE',
  'CLAUDE_HYBRID_DAEMON_TOKEN',
]);
