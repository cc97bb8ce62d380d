/**
 * Splits a Claude Code agent file into its YAML frontmatter and markdown body.
 *
 * The frontmatter opens with a `---` line at the very start of the file (a UTF-8 BOM is
 * tolerated) and closes with the next line that is exactly `---`. Line numbers are 1-based and
 * refer to the whole file, so parse errors can point at the real line.
 */
export interface FrontmatterSplit {
  /** The YAML text between the fences, without the fences. */
  readonly yaml: string;
  /** File line number of the first YAML line (the line after the opening fence). */
  readonly yamlStartLine: number;
  /** Everything after the closing fence: the system prompt. */
  readonly body: string;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;

export function splitFrontmatter(text: string): FrontmatterSplit | undefined {
  const opening = OPENING.exec(text);
  if (opening === null) return undefined;
  const rest = text.slice(opening[0].length);
  // An empty frontmatter (`---\n---`) closes immediately.
  const closing = CLOSING.exec(rest);
  if (closing === null) return undefined;
  const yaml = rest.slice(0, closing.index).replace(/\r?\n$/, '');
  let bodyStart = closing.index + closing[0].length;
  if (rest.charCodeAt(bodyStart) === 13) bodyStart += 1;
  if (rest.charCodeAt(bodyStart) === 10) bodyStart += 1;
  return { yaml, yamlStartLine: 2, body: rest.slice(bodyStart) };
}

/** 1-based line (within `yaml`) of a top-level key, for error messages. */
export function findKeyLine(yaml: string, key: string): number | undefined {
  const lines = yaml.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.startsWith(key) && /^\s*:/.test(line.slice(key.length))) return index + 1;
    if (line.startsWith(`"${key}"`) || line.startsWith(`'${key}'`)) return index + 1;
  }
  return undefined;
}
