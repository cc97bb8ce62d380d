/**
 * Text from files and the network made safe to print: `printable` for one log or status line
 * (every control escaped, cut to a length), `escapeControls` for terminal output (lines kept).
 */

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

// C0 controls except tab and line feed, a CR not followed by LF, DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;
// eslint-disable-next-line no-control-regex -- as above
const ANY_CONTROL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/;

/**
 * `text` with control characters made visible: C0 as `\x1b`, DEL and C1 as `\u009b`. The
 * latter are the characters JSON.stringify leaves raw, so a JSON document passing through stays
 * valid JSON with the same value. Tab, LF and CRLF pass unchanged.
 */
export function escapeControls(text: string): string {
  // Fast path: almost all output has no control characters at all.
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (char) => {
    const code = char.charCodeAt(0);
    const hex = code.toString(16).padStart(2, '0');
    return code < 0x7f ? `\\x${hex}` : `\\u00${hex}`;
  });
}
