/**
 * Claude Code's second chance for frontmatter that strict YAML rejects (read from Claude Code
 * 2.1.197): it double-quotes every unquoted one-line `key: value` whose value holds ": " or a
 * YAML indicator character, turns leading tabs into two spaces each, and parses again. So
 * `description: Use when: the user asks` loads there although strict YAML reads a nested
 * mapping. We apply the same rewrite only after the strict parse fails, and report each
 * rewritten line, because other YAML readers will still reject the file.
 */
export interface LenientRewrite {
  /** The frontmatter with the offending values quoted; line numbers are unchanged. */
  readonly yaml: string;
  /** The lines (1-based within the frontmatter) whose value was quoted, with their key. */
  readonly quoted: readonly {
    readonly line: number;
    readonly key: string;
    readonly value: string;
  }[];
}

const KEY_VALUE = /^([a-zA-Z_-]+):\s+(.+)$/;
const NEEDS_QUOTES = /[{}[\]*&#!|>%@`]|: /;
const FLOW_LIST = /^\[.*\]$/;

/**
 * Rewrites as Claude Code does. `isList` tells whether a `[...]` value parses as a YAML list
 * (Claude Code leaves those alone); it is passed in so this file needs no YAML parser.
 */
export function quotePlainValues(yaml: string, isList: (value: string) => boolean): LenientRewrite {
  const quoted: { line: number; key: string; value: string }[] = [];
  const lines = yaml.split('\n').map((line, index) => {
    const match = KEY_VALUE.exec(line);
    const key = match?.[1];
    const value = match?.[2];
    if (key === undefined || value === undefined) return line;
    if (isQuoted(value) || (FLOW_LIST.test(value) && isList(value))) return line;
    if (!NEEDS_QUOTES.test(value)) return line;
    quoted.push({ line: index + 1, key, value });
    return `${key}: "${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  const text = lines.join('\n').replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
  return { yaml: text, quoted };
}

function isQuoted(value: string): boolean {
  return (
    (value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))
  );
}

/** The portability warning for one quoted value. */
export function quotedValueWarning(key: string, value: string): string {
  const what = value.includes(': ') ? '": "' : 'YAML indicator characters';
  return `"${key}" is an unquoted value containing ${what}: strict YAML parsers reject it (Claude Code quotes it and loads the file); wrap the value in double quotes`;
}
