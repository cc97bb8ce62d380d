import type { AgentDefinition, ModelTier } from './definition.js';

/** Every field of a definition except the prompt text. */
export type AgentData = Omit<AgentDefinition, 'body' | 'prompt'>;

/**
 * The AgentDefinition implementation. A class, not an object literal with getters, because
 * hundreds are built on a cold start and prototype getters cost no per-instance closures. The
 * body is either known (fresh parse) or read on first use (from the registry's disk cache), so
 * listings never read prompt text.
 */
export class AgentRecord implements AgentDefinition {
  readonly name: string;
  readonly description: string;
  readonly tools: readonly string[] | undefined;
  readonly disallowedTools: readonly string[] | undefined;
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
  readonly keywords: readonly string[];
  readonly tier: ModelTier | undefined;
  readonly frontmatter: Readonly<Record<string, unknown>>;
  readonly unknownFields: readonly string[];
  #body: string | (() => string);
  readonly #base: string | undefined;

  constructor(data: AgentData, body: string | (() => string), base: string | undefined) {
    this.name = data.name;
    this.description = data.description;
    this.tools = data.tools;
    this.disallowedTools = data.disallowedTools;
    this.model = data.model;
    this.color = data.color;
    this.permissionMode = data.permissionMode;
    this.maxTurns = data.maxTurns;
    this.skills = data.skills;
    this.mcpServers = data.mcpServers;
    this.hooks = data.hooks;
    this.memory = data.memory;
    this.background = data.background;
    this.isolation = data.isolation;
    this.effort = data.effort;
    this.keywords = data.keywords;
    this.tier = data.tier;
    this.frontmatter = data.frontmatter;
    this.unknownFields = data.unknownFields;
    this.#body = body;
    const trimmed = base?.trim();
    this.#base = trimmed === '' ? undefined : trimmed;
  }

  get body(): string {
    if (typeof this.#body === 'function') this.#body = this.#body();
    return this.#body;
  }

  /** The body plus the directory's BASE-AGENT.md, when there is one. */
  get prompt(): string {
    const body = this.body;
    return this.#base === undefined ? body : `${body.trimEnd()}\n\n${this.#base}\n`;
  }
}
