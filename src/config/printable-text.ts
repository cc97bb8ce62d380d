/** Control characters: C0, DEL, C1, and the line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` safe to print to a terminal or a log line: control characters become `\u001b`-style
 * escapes, so text from a config file cannot move the cursor, recolour the terminal or forge a
 * log line; cut to `maxLength`. Idempotent: an escaped text has no control characters left.
 */
export function printable(text: string, maxLength = 500): string {
  const escaped = text.replace(
    CONTROL,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > maxLength ? `${escaped.slice(0, maxLength - 1)}…` : escaped;
}
