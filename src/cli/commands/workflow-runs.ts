import { UsageError } from '../../errors.js';
import { stringValues } from '../args.js';
import type { ParsedValues } from '../command.js';

export function parseInputs(values: ParsedValues): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of stringValues(values, 'input')) {
    const equals = pair.indexOf('=');
    if (equals <= 0)
      throw new UsageError(
        `--input "${pair}" is not NAME=VALUE`,
        'pass e.g. --input goal="add dark mode"',
      );
    inputs[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return inputs;
}
