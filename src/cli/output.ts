/** ANSI colours, or identity functions when colour is off. */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string): string => text;

export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      enabled,
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

/** Renders rows as aligned columns; the last column is cut to fit `width`. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width = 120,
): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const used = widths.slice(0, -1).reduce((sum, value) => sum + value + 2, 0);
  const lastWidth = Math.max(20, width - used);
  return all
    .map((row) =>
      row
        .map((cell, column) => {
          if (column === row.length - 1)
            return cell.length > lastWidth ? `${cell.slice(0, lastWidth - 1)}…` : cell;
          return cell.padEnd(widths[column] ?? 0);
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
