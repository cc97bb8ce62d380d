import type { AgentDefinition } from './definition.js';

/** Every field of a definition except the prompt text. */
export type AgentData = Omit<AgentDefinition, 'body' | 'prompt'>;

/**
 * The AgentDefinition implementation. A class, not an object literal with getters, because
 * hundreds are built on a cold start and prototype getters cost no per-instance closures. The
 * body is either known (fresh parse) or read on first use (from the registry's disk cache), so
 * listings never read prompt text.
 */
// The data fields are declared once, on AgentDefinition; the class adds the lazy prompt.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- fields come from Object.assign below
export interface AgentRecord extends AgentData {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class AgentRecord implements AgentDefinition {
  #body: string | (() => string);
  readonly #base: string | undefined;

  constructor(data: AgentData, body: string | (() => string), base: string | undefined) {
    Object.assign(this, data);
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
