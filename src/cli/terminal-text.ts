/**
 * Text from files and the network (agent descriptions and prompts, workflow names, model
 * output, error messages quoting a file) can carry terminal control sequences: `ESC ] 52` writes
 * the clipboard on many terminals, `ESC [ 2J` clears the screen, a bare CR overwrites a line.
 * Everything the CLI prints for a person goes through `escapeControls` (see guardOutput), so
 * such bytes show as visible escapes and never reach the terminal as controls.
 */

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
