import { UsageError } from '../../errors.js';

/** `--max-cost USD`, as a positive number of dollars, or undefined when not given. */
export function maxCostOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(
      `--max-cost must be a positive number of US dollars; got "${text}"`,
      'pass a number, e.g. --max-cost 0.50',
    );
  return value;
}
