import { fitWidth, visibleLength } from './terminal-text.js';

/** ANSI colours, or identity functions when colour is off. */
export interface Colors {
  readonly enabled: boolean;
  /**
   * One of the CLI's own control sequences, e.g. `control('[2K')` (erase the line), whether or
   * not colour is on. Sequences built any other way are escaped by the output guard.
   */
  control(sequence: string): string;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const identity = (text: string): string => text;

/**
 * Colours for one output. `esc` stands for ESC in the sequences: the output guard's marker in
 * the CLI (terminal-text.ts), which it turns into ESC after escaping everything else.
 */
export function createColors(enabled: boolean, esc = '\u001b'): Colors {
  const wrap =
    (open: number, close: number) =>
    (text: string): string =>
      `${esc}[${open}m${text}${esc}[${close}m`;
  const control = (sequence: string): string => `${esc}${sequence}`;
  if (!enabled) {
    return {
      enabled,
      control,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      cyan: identity,
    };
  }
  return {
    enabled,
    control,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/**
 * Colour only on a TTY, never when NO_COLOR is set (any non-empty value, per no-color.org),
 * unless forced by `--color` / `ui.color: always`.
 */
export function colorEnabled(
  mode: 'auto' | 'always' | 'never',
  isTTY: () => boolean | undefined,
  env: NodeJS.ProcessEnv,
): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY() === true; // asked last: finding out can load node:tty
}

/**
 * Renders rows as aligned columns; the last column is cut to fit `width`. Every width is the
 * columns a cell shows (visibleLength): colour sequences take none, wide characters two.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width = 120,
): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) =>
    Math.max(...all.map((row) => visibleLength(row[column] ?? ''))),
  );
  const used = widths.slice(0, -1).reduce((sum, value) => sum + value + 2, 0);
  const lastWidth = Math.max(20, width - used);
  return all
    .map((row) =>
      row
        .map((cell, column) => {
          if (column === row.length - 1) return fitWidth(cell, lastWidth);
          // Padded by what shows: a coloured cell is longer than it looks.
          return cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - visibleLength(cell)));
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One-line form of free text (descriptions contain newlines and examples). */
export function oneLine(text: string): string {
  return text.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
}
