import { isHybridError } from '../errors.js';
import { namedStoreError } from '../store/sqlite-errors.js';
import type { Colors } from './output.js';

interface Writable {
  write(chunk: string): unknown;
}

/**
 * Prints `error[code]: message` and a hint line. Stacks (with the cause chain) only with
 * `--debug`. Messages are single lines: embedded newlines are folded. Given `stdout` (under
 * `--json`), the same error also goes there as one JSON document, `{"error": {code, message,
 * hint, exitCode}}`, so a script reads failures where it reads results.
 */
export function reportError(
  error: unknown,
  options: { stderr: Writable; stdout?: Writable; debug: boolean; colors: Colors },
): void {
  const { colors } = options;
  const hybrid = isHybridError(error) ? error : undefined;
  const code = hybrid?.code ?? 'internal';
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\s*\n\s*/g,
    ' ',
  );
  const hint = hybrid?.hint ?? fallbackHint(hybrid?.code);
  options.stderr.write(
    `${colors.red(colors.bold(`error[${code}]`))}: ${message}\n  ${colors.dim('hint:')} ${hint}\n`,
  );
  const exitCode = hybrid?.exitCode ?? 1;
  options.stdout?.write(`${JSON.stringify({ error: { code, message, hint, exitCode } })}\n`);
  if (options.debug) {
    let current: unknown = error;
    while (current instanceof Error) {
      options.stderr.write(`${current.stack ?? current.message}\n`);
      current = current.cause;
      if (current !== undefined) options.stderr.write('caused by: ');
    }
  }
}

/**
 * The hint when an error names none. Only an error that is not ours is a bug; one of ours came
 * from a check, and its code is explained in the error reference.
 */
function fallbackHint(code: string | undefined): string {
  if (code === undefined)
    return 'this is a bug in claude-hybrid; rerun with --debug and report the stack trace';
  if (code === 'usage') return "see the command's --help for what it accepts";
  return `see docs/errors.md for what ${code} means and how to fix it`;
}

/** What the CLI reports: a SQLite error that reached the top, named (store.readonly, ...). */
export const namedError = namedStoreError;
