import type { DoctorReport, DoctorStatus } from './types.js';

/** The colours the text report uses (the CLI's Colors has them). */
export interface DoctorPaint {
  /** Colour and Unicode marks; off for a pipe, a file or NO_COLOR, which get plain ASCII. */
  readonly enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

const UNICODE_MARKS: Readonly<Record<DoctorStatus, string>> = {
  ok: '✓',
  warn: '!',
  fail: '✗',
  skip: '-',
};
const ASCII_MARKS: Readonly<Record<DoctorStatus, string>> = {
  ok: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'skip',
};

function painted(paint: DoctorPaint, status: DoctorStatus, text: string): string {
  if (status === 'ok') return paint.green(text);
  if (status === 'warn') return paint.yellow(text);
  if (status === 'fail') return paint.red(text);
  return paint.dim(text);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * One line per check (mark, title, what was found), the fix indented under it, then a summary
 * line.
 */
export function renderDoctor(report: DoctorReport, paint: DoctorPaint): string {
  const marks = paint.enabled ? UNICODE_MARKS : ASCII_MARKS;
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(
      `${painted(paint, check.status, marks[check.status])} ${check.title.padEnd(width)}  ${check.detail}`,
    );
    if (check.fix !== undefined)
      lines.push(`${' '.repeat(marks.ok.length + 1)}${paint.dim('fix:')} ${check.fix}`);
  }
  const { counts } = report;
  const summary = [
    `${report.checks.length} checks`,
    `${counts.ok} ok`,
    plural(counts.warn, 'warning'),
    `${counts.fail} failed`,
    ...(counts.skip > 0 ? [`${counts.skip} skipped`] : []),
  ].join(', ');
  lines.push(
    '',
    report.ok
      ? paint.green(`${summary}: healthy`)
      : paint.red(`${summary}: fix the failed checks above`),
  );
  return lines.join('\n');
}
