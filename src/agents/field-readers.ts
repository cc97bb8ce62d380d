/** Reading typed values out of parsed frontmatter; a wrong type is a FieldError naming the key. */
export class FieldError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export function requiredString(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (value === undefined || value === null) throw new FieldError(key, `"${key}" is required`);
  if (typeof value !== 'string')
    throw new FieldError(key, `"${key}" must be a string; found ${typeName(value)}`);
  const trimmed = value.trim();
  if (trimmed === '') throw new FieldError(key, `"${key}" must not be empty`);
  return trimmed;
}

export function optionalString(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string')
    throw new FieldError(key, `"${key}" must be a string; found ${typeName(value)}`);
  return value.trim();
}

/** Accepts a comma-separated string or a list of strings (Claude Code accepts both). */
export function stringList(fields: Record<string, unknown>, key: string): string[] | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => {
      if (typeof item !== 'string')
        throw new FieldError(key, `"${key}" items must be strings; found ${typeName(item)}`);
      return item.trim();
    });
  }
  throw new FieldError(
    key,
    `"${key}" must be a comma-separated string or a list; found ${typeName(value)}`,
  );
}

/** At most this many `examples`, each at most this long: routing needs a sample, not a corpus. */
export const MAX_EXAMPLES = 100;
export const MAX_EXAMPLE_CHARS = 500;

/** `examples`: a list of requests (one string is one example; commas do not split it). */
export function exampleList(fields: Record<string, unknown>): string[] {
  const value = fields.examples;
  if (value === undefined || value === null) return [];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (items.length > MAX_EXAMPLES)
    throw new FieldError(
      'examples',
      `"examples" has ${items.length} entries; keep it to ${MAX_EXAMPLES} at most`,
    );
  return items
    .map((item: unknown, index) => {
      if (typeof item !== 'string')
        throw new FieldError(
          'examples',
          `"examples" items must be strings; item ${index + 1} is ${typeName(item)}`,
        );
      if (item.length > MAX_EXAMPLE_CHARS)
        throw new FieldError(
          'examples',
          `"examples" item ${index + 1} is ${item.length} characters; keep each under ${MAX_EXAMPLE_CHARS}`,
        );
      return item.trim();
    })
    .filter((item) => item !== '');
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
