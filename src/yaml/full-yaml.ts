import { documentValue } from './document-value.js';
import { yamlLibrary } from './yaml-library.js';

/**
 * The full YAML parser for frontmatter outside the simple subset (block scalars, nested maps);
 * the library is required on first use.
 */
export interface FullYamlResult {
  readonly value: unknown;
  /** Set when the text is not valid YAML: a one-line reason and the 1-based line in the text. */
  readonly error?: { readonly message: string; readonly line: number | undefined };
}

export function parseFullYaml(text: string): FullYamlResult {
  // uniqueKeys rejects duplicates; prettyErrors adds line positions to errors.
  const document = yamlLibrary().parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
  });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    const message = (first.message.split('\n')[0] ?? first.message).replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    return { value: undefined, error: { message: explain(message), line } };
  }
  const converted = documentValue(document, 100);
  if (converted.error !== undefined) {
    return { value: undefined, error: { message: converted.error, line: undefined } };
  }
  return { value: converted.value };
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
