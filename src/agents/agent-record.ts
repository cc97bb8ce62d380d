import type { AgentDefinition } from './definition.js';
import { exampleList } from './field-readers.js';

const HEADING = /^#{1,6}[ \t]+(.+?)[ \t#]*$/gm;

/** Markdown headings of a body, without the hashes. */
export function headingsOf(body: string): string[] {
  const headings: string[] = [];
  for (const match of body.matchAll(HEADING)) headings.push(match[1] ?? '');
  return headings;
}

/** Frontmatter keys Claude Code defines, plus our own `keywords`, `examples` and `tier`. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'tools',
  'disallowedTools',
  'model',
  'color',
  'permissionMode',
  'maxTurns',
  'skills',
  'mcpServers',
  'hooks',
  'memory',
  'background',
  'isolation',
  'effort',
  'keywords',
  'examples',
  'tier',
]);

/** The validated, normalised fields of a definition: what the registry's disk cache stores. */
export type AgentData = Omit<
  AgentDefinition,
  'body' | 'prompt' | 'frontmatter' | 'unknownFields' | 'headings' | 'examples'
>;

/** Where a record's text comes from: memory for a fresh parse, the file for a cached one. */
export interface AgentSource {
  body(): string;
  frontmatter(): Readonly<Record<string, unknown>>;
}

/** A source whose body and frontmatter were just parsed. */
export class ParsedSource implements AgentSource {
  constructor(
    private readonly bodyText: string,
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  body(): string {
    return this.bodyText;
  }

  frontmatter(): Readonly<Record<string, unknown>> {
    return this.fields;
  }
}

// The data fields are declared once, on AgentDefinition; the class adds the lazy parts.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- fields come from Object.assign below
export interface AgentRecord extends AgentData {}

/**
 * The AgentDefinition implementation. A class, not an object literal with getters, because
 * hundreds are built on a cold start and prototype getters cost no per-instance closures. The
 * prompt text and raw frontmatter come from its source on first use, so a listing built from
 * the disk cache never reads an agent file.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class AgentRecord implements AgentDefinition {
  readonly #data: AgentData;
  readonly #source: AgentSource;
  readonly #base: string | undefined;
  #body: string | undefined;
  #frontmatter: Readonly<Record<string, unknown>> | undefined;
  #examples: readonly string[] | undefined;

  constructor(data: AgentData, source: AgentSource, base: string | undefined) {
    Object.assign(this, data);
    this.#data = data;
    this.#source = source;
    const trimmed = base?.trim();
    this.#base = trimmed === '' ? undefined : trimmed;
  }

  /** The plain data this record was built from. */
  toData(): AgentData {
    return this.#data;
  }

  get body(): string {
    this.#body ??= this.#source.body();
    return this.#body;
  }

  /** The frontmatter exactly as parsed, keys in file order. */
  get frontmatter(): Readonly<Record<string, unknown>> {
    this.#frontmatter ??= this.#source.frontmatter();
    return this.#frontmatter;
  }

  /** Derived from the body on first use, so only routing pays for reading it. */
  get headings(): readonly string[] {
    return headingsOf(this.body);
  }

  /**
   * Read from the frontmatter on first use (it was validated at parse time): examples are the
   * bulk of some files' frontmatter, and only routing needs them, so the registry's disk cache
   * does not carry them.
   */
  get examples(): readonly string[] {
    this.#examples ??= exampleList(this.frontmatter);
    return this.#examples;
  }

  get unknownFields(): readonly string[] {
    return Object.keys(this.frontmatter).filter((key) => !KNOWN_FIELDS.has(key));
  }

  /** The body plus the directory's BASE-AGENT.md, when there is one. */
  get prompt(): string {
    const body = this.body;
    return this.#base === undefined ? body : `${body.trimEnd()}\n\n${this.#base}\n`;
  }
}
