/**
 * Text from files and the network (agent descriptions and prompts, workflow names, model
 * output, error messages quoting a file) can carry terminal control sequences: `ESC ] 52` writes
 * the clipboard on many terminals, `ESC [ 2J` clears the screen, a bare CR overwrites a line.
 * Everything the CLI prints for a person goes through `escapeControls` (see guardOutput), so
 * such bytes show as visible escapes and never reach the terminal as controls.
 */

import { escapeControls } from '../files/index.js';

export { escapeControls };

/** Brackets the random part of a guard's marker; private-use characters no text needs. */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

/**
 * The CLI's own sequences (colours, the live workflow view's cursor moves) are built with a
 * marker instead of ESC; the guard escapes every control character in what is written and only
 * then turns the marker into ESC. The marker is random per invocation, so no file or answer can
 * spell it: a description that contains `ESC [ 2 J` is shown as `\x1b[2J`, while the CLI's bold
 * header stays bold.
 */
export interface TerminalGuard {
  /** Stands for ESC in the CLI's own sequences. */
  readonly esc: string;
  /** `text` safe for a terminal: controls escaped, then the CLI's own sequences restored. */
  clean(text: string): string;
}

/**
 * Math.random is enough here, and crypto would load a module (half a millisecond) on every
 * command's cold path: the marker only has to be unknown to whoever wrote a file before this
 * process started, V8 seeds it per process, and the marker never reaches the output (the guard
 * turns it into ESC before anything is written).
 */
function randomMarkerId(): string {
  return `${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}

export function createTerminalGuard(randomId: () => string = randomMarkerId): TerminalGuard {
  const esc = `${MARK_OPEN}${randomId()
    .replace(/[^0-9a-z]/gi, '')
    .slice(0, 16)}${MARK_CLOSE}`;
  return {
    esc,
    clean(text: string): string {
      const escaped = escapeControls(text);
      return escaped.includes(MARK_OPEN) ? escaped.split(esc).join('\u001b') : escaped;
    },
  };
}

/** An ANSI sequence as the CLI writes it: with ESC, or with a guard's marker standing for it. */
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const OWN_SEQUENCE = /(?:\u001b|\uE000[0-9a-zA-Z]{1,16}\uE001)\[[0-9;]*[A-Za-z]/g;

/**
 * Code points a terminal shows two columns wide: East Asian wide and fullwidth characters (CJK,
 * Hangul, fullwidth forms) and emoji. An approximation of Unicode's East Asian Width without
 * its tables: the blocks below, and pictographs from U+1F000 on.
 */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f000}-\u{1faff}\u{20000}-\u{3fffd}]/u;
/** Non-spacing and enclosing marks: drawn onto the character before them. */
const COMBINING = /[\p{Mn}\p{Me}]/u;

/**
 * Columns one code point takes: none for combining marks, zero-width spaces and joiners,
 * variation selectors and emoji skin-tone modifiers (drawn into the emoji before them).
 */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x300) return 1; // ASCII and Latin: the common case, no regular expression
  if (
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2060 ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x1f3fb && code <= 0x1f3ff) ||
    COMBINING.test(char)
  )
    return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** Columns plain text (no escape sequences) takes. */
function plainWidth(text: string): number {
  // Printable ASCII needs no look at each character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * How many columns `text` takes on a terminal: without the CLI's own ANSI sequences, wide
 * characters and emoji counted as two, combining marks as none.
 */
export function visibleLength(text: string): number {
  if (!text.includes('\u001b') && !text.includes(MARK_OPEN)) return plainWidth(text);
  return plainWidth(text.replace(OWN_SEQUENCE, ''));
}

/**
 * `text` cut to at most `width` columns, ending in `…` when cut. The CLI's own sequences are
 * kept whole, and those after the cut still follow it, so a colour opened before the cut is
 * closed.
 */
export function fitWidth(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  const room = Math.max(0, width - 1); // a column for the ellipsis
  let out = '';
  let used = 0;
  let cut = false;
  let last = 0;
  const take = (plain: string): void => {
    for (const char of plain) {
      if (cut) return;
      const columns = charWidth(char);
      if (used + columns > room) {
        cut = true;
        out += '…';
        return;
      }
      out += char;
      used += columns;
    }
  };
  for (const match of text.matchAll(OWN_SEQUENCE)) {
    take(text.slice(last, match.index));
    out += match[0]; // zero columns; kept after the cut too, to close what is open
    last = match.index + match[0].length;
  }
  take(text.slice(last));
  return out;
}

/** The part of an output stream the CLI writes to (see CliIO). */
export interface WriteTarget {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number | undefined;
}

/** `target`, with everything written through it cleaned by `guard`; isTTY and columns as is. */
export function guardTarget(
  target: WriteTarget,
  guard: TerminalGuard,
): {
  write(chunk: string): unknown;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
} {
  return {
    write: (chunk: string) => target.write(guard.clean(chunk)),
    // Getters: the target finds out lazily (finding out can load node:tty).
    get isTTY(): boolean {
      return target.isTTY === true;
    },
    get columns(): number | undefined {
      return target.columns;
    },
  };
}
