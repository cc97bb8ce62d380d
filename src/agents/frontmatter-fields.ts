import { ALIAS_BOMB_REASON, parseFullYaml, parseSimpleYaml } from '../yaml/index.js';
import type { FullYamlResult } from '../yaml/index.js';
import type { AgentFileProblem, AgentFileWarning } from './definition.js';
import { findKeyLine, splitFrontmatter } from './frontmatter.js';
import { quotePlainValues, quotedValueWarning } from './lenient-frontmatter.js';

/** Control characters other than tab and line ends: terminal escapes (ESC, OSC, CSI) among them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const TERMINAL_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
export const CONTROL_WARNING =
  '{field} contains control characters (terminal escapes); they are shown escaped, and Claude Code sees them as they are';

/** Keys that would reach an object's prototype if a reader copied the mapping naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses YAML strictly: the fast simple parser when the text fits its subset, else the full
 * library. Returns the value, or a one-line error with its line within `yaml`.
 */
function parseStrictYaml(yaml: string): FullYamlResult {
  const simple = parseSimpleYaml(yaml);
  return simple === undefined ? parseFullYaml(yaml) : { value: simple.value };
}

/**
 * Parses frontmatter as Claude Code does: strict YAML first; when that fails, Claude Code's
 * rewrite (quote plain values holding ": " and other indicators) and a second parse. `quoted`
 * lists what the rewrite changed, for warnings; when both parses fail the strict error is the
 * one reported. An alias bomb is refused, never rewritten. Every reader of agent and skill
 * frontmatter goes through here, so all agree.
 */
export function parseFrontmatterYaml(yaml: string): FullYamlResult & {
  readonly quoted: readonly {
    readonly line: number;
    readonly key: string;
    readonly value: string;
  }[];
} {
  const strict = parseStrictYaml(yaml);
  if (strict.error === undefined) return { ...strict, quoted: [] };
  // A refusal for safety stays a refusal: quoting the aliases would load the hostile file.
  if (strict.error.message.includes(ALIAS_BOMB_REASON)) return { ...strict, quoted: [] };
  const rewrite = quotePlainValues(yaml, (value) => Array.isArray(parseFullYaml(value).value));
  if (rewrite.quoted.length === 0 && rewrite.yaml === yaml) return { ...strict, quoted: [] };
  const second = parseStrictYaml(rewrite.yaml);
  return second.error === undefined
    ? { ...second, quoted: rewrite.quoted }
    : { ...strict, quoted: [] };
}

/** A markdown file's frontmatter as a plain mapping, with its body and where each key is. */
export interface FrontmatterFields {
  readonly kind: 'ok';
  /** The frontmatter mapping, checked to be an object without prototype-reaching keys. */
  readonly fields: Record<string, unknown>;
  /** Everything after the closing fence. */
  readonly body: string;
  /** The file line of a top-level key, for messages. */
  readonly lineOf: (key: string) => number | undefined;
  /** Portability warnings for values Claude Code's lenient rewrite had to quote. */
  readonly warnings: AgentFileWarning[];
}

/**
 * The part of reading an agent file or a SKILL.md that does not depend on which it is: the
 * fences, the YAML (alias bombs refused), a mapping at the top, no prototype keys. Pure: no I/O.
 */
export function readFrontmatterFields(
  text: string,
  file: string,
): FrontmatterFields | { readonly kind: 'invalid'; readonly problem: AgentFileProblem } {
  const split = splitFrontmatter(text);
  if (split === undefined) {
    return invalid(
      file,
      1,
      'missing YAML frontmatter: the file must start with a "---" line and close it with another "---" line',
    );
  }
  const parsed = parseFrontmatterYaml(split.yaml);
  if (parsed.error !== undefined) {
    const line =
      parsed.error.line === undefined ? undefined : parsed.error.line + split.yamlStartLine - 1;
    return invalid(file, line, `invalid YAML frontmatter: ${parsed.error.message}`);
  }
  const raw = parsed.value;
  if (raw === null || raw === undefined)
    return invalid(file, 1, 'the frontmatter is empty: name and description are required');
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return invalid(file, split.yamlStartLine, 'the frontmatter must be a YAML mapping of fields');
  }
  const fields = raw as Record<string, unknown>; // checked to be a plain mapping just above
  const lineOf = (key: string): number | undefined => {
    const line = findKeyLine(split.yaml, key);
    return line === undefined ? undefined : line + split.yamlStartLine - 1;
  };
  for (const key of Object.keys(fields)) {
    if (FORBIDDEN_KEYS.has(key))
      return invalid(file, lineOf(key), `forbidden frontmatter key "${key}"`);
  }
  const warnings: AgentFileWarning[] = parsed.quoted.map(({ line, key, value }) => ({
    file,
    line: line + split.yamlStartLine - 1,
    warning: quotedValueWarning(key, value),
    kind: 'portability' as const,
  }));
  return { kind: 'ok', fields, body: split.body, lineOf, warnings };
}

function invalid(
  file: string,
  line: number | undefined,
  error: string,
): { readonly kind: 'invalid'; readonly problem: AgentFileProblem } {
  return { kind: 'invalid', problem: { file, line, error } };
}
