/**
 * The full YAML parser, loaded on demand: only frontmatter outside the simple subset (block
 * scalars, nested maps) and config files pay for importing it.
 */
export interface FullYamlResult {
  readonly value: unknown;
  /** Set when the text is not valid YAML: a one-line reason and the 1-based line in the text. */
  readonly error?: { readonly message: string; readonly line: number | undefined };
}

export type FullYamlParser = (text: string) => FullYamlResult;

let loaded: FullYamlParser | undefined;

export async function loadFullYamlParser(): Promise<FullYamlParser> {
  if (loaded !== undefined) return loaded;
  const { parseDocument } = await import('./yaml-library.js');
  loaded = (text: string): FullYamlResult => {
    // uniqueKeys rejects duplicates; prettyErrors adds line positions to errors.
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
    const first = document.errors[0];
    if (first !== undefined) {
      const line = first.linePos?.[0].line;
      const message = (first.message.split('\n')[0] ?? first.message).replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      return { value: undefined, error: { message: explain(message), line } };
    }
    return { value: document.toJS({ maxAliasCount: 100 }) as unknown };
  };
  return loaded;
}

/** Adds the likely fix to the YAML errors real agent files most often hit. */
function explain(message: string): string {
  if (
    message.startsWith('Nested mappings are not allowed in compact mappings') ||
    message.startsWith('Implicit map keys need to be')
  ) {
    return `${message} (a plain value contains ": "; wrap the value in double quotes)`;
  }
  return message;
}
