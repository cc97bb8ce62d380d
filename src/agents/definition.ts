/** Where an agent was discovered. Precedence, highest first: project > custom > user > bundled. */
export type AgentScope = 'project' | 'custom' | 'user' | 'bundled';

/** Precedence rank of each scope: lower wins. */
export const SCOPE_RANK: Readonly<Record<AgentScope, number>> = {
  project: 0,
  custom: 1,
  user: 2,
  bundled: 3,
};

/** Model tiers our router and pricing understand. */
export type ModelTier = 'haiku' | 'sonnet' | 'opus';
export const MODEL_TIERS: readonly ModelTier[] = ['haiku', 'sonnet', 'opus'];

/**
 * A parsed Claude Code subagent definition. Field names follow Claude Code's frontmatter;
 * `keywords`, `examples` and `tier` are Claude Hybrid's own optional extensions (version 1 of
 * the frontmatter extensions).
 */
export interface AgentDefinition {
  readonly name: string;
  readonly description: string;
  /** Allowed tools; `undefined` means the agent inherits every tool. */
  readonly tools: readonly string[] | undefined;
  readonly disallowedTools: readonly string[] | undefined;
  /** `inherit`, an alias (`sonnet`, `opus`, `haiku`) or a full model id. */
  readonly model: string | undefined;
  readonly color: string | undefined;
  readonly permissionMode: string | undefined;
  readonly maxTurns: number | undefined;
  readonly skills: readonly string[] | undefined;
  readonly mcpServers: unknown;
  readonly hooks: unknown;
  readonly memory: string | undefined;
  readonly background: boolean | undefined;
  readonly isolation: string | undefined;
  readonly effort: string | undefined;
  /** Routing terms (lower-cased). */
  readonly keywords: readonly string[];
  /** Requests this agent should get, as a user would write them: a routing signal. */
  readonly examples: readonly string[];
  /** Model tier: the `tier` field, else derived from `model`, else undefined (e.g. `inherit`). */
  readonly tier: ModelTier | undefined;
  /** The markdown headings of the body, in order: a routing signal that needs no prompt text. */
  readonly headings: readonly string[];
  /** The frontmatter exactly as parsed, keys in file order; unknown fields round-trip through it. */
  readonly frontmatter: Readonly<Record<string, unknown>>;
  /** Frontmatter keys that Claude Code and Claude Hybrid do not know, in file order. */
  readonly unknownFields: readonly string[];
  /** The markdown body as written. */
  readonly body: string;
  /** The system prompt: the body plus the directory's BASE-AGENT.md, when there is one. */
  readonly prompt: string;
}

/** An agent found on disk, with where it came from. */
export interface AgentEntry {
  readonly definition: AgentDefinition;
  readonly scope: AgentScope;
  /** Absolute path of the defining file. */
  readonly file: string;
  /** True when the file is a copy that `agents deploy` wrote and still owns. */
  readonly managed: boolean;
  /** The file's size in bytes: a prompt-size estimate that needs no read. */
  readonly size: number;
}

/** A problem found while loading one file: the file is skipped, never fatal. */
export interface AgentFileProblem {
  readonly file: string;
  /** 1-based line in the file, when the problem has one. */
  readonly line: number | undefined;
  readonly error: string;
}

/**
 * What a warning is about: `portability` when Claude Code loads the file but stricter tools may
 * not (a plain YAML value holding ": ", a name outside kebab-case); `other` for the rest.
 */
export type AgentWarningKind = 'portability' | 'other';

/** A non-fatal remark about a valid file (e.g. an unknown model alias). */
export interface AgentFileWarning {
  readonly file: string;
  readonly line: number | undefined;
  readonly warning: string;
  readonly kind: AgentWarningKind;
}
