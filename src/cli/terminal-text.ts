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

/** How many columns `text` takes: its length without the CLI's own ANSI sequences. */
export function visibleLength(text: string): number {
  if (!text.includes('\u001b') && !text.includes(MARK_OPEN)) return text.length;
  return text.replace(OWN_SEQUENCE, '').length;
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
