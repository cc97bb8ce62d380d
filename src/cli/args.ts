import { UsageError } from '../errors.js';
import type { OptionSpec, ParsedValues } from './command.js';

/**
 * Parses a subcommand's arguments strictly; any mistake is a UsageError (exit 2). Hand-written
 * rather than node:util's parseArgs, which costs milliseconds to load on the cold path.
 * Accepts `--name value`, `--name=value`, `-x value`, and `--` to end options.
 */
export function parseCommandArgs(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  positionals: { readonly min: number; readonly max: number; readonly name: string },
  commandPath: string,
): { values: ParsedValues; positionals: string[] } {
  const hint = `run 'claude-hybrid ${commandPath} --help' for usage`;
  const values: ParsedValues = {};
  const rest: string[] = [];
  const shorts = new Map(
    Object.entries(options).flatMap(([name, spec]) =>
      spec.short === undefined ? [] : [[spec.short, name] as const],
    ),
  );
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      rest.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flagText = equals === -1 ? arg : arg.slice(0, equals);
    const name = flagText.startsWith('--') ? flagText.slice(2) : shorts.get(flagText.slice(1));
    const spec = name === undefined ? undefined : options[name];
    if (name === undefined || spec === undefined)
      throw new UsageError(`unknown option '${flagText}'`, hint);
    let value: string | boolean = true;
    if (spec.type === 'boolean') {
      if (equals !== -1) throw new UsageError(`option '${flagText}' does not take a value`, hint);
    } else if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-'))
        throw new UsageError(`option '${flagText} ${spec.value ?? 'VALUE'}' needs a value`, hint);
      value = next;
      index += 1;
    }
    if (spec.multiple === true) {
      const list = (values[name] as (string | boolean)[] | undefined) ?? [];
      values[name] = [...list, value] as string[] | boolean[];
    } else {
      values[name] = value;
    }
  }
  if (rest.length < positionals.min) throw new UsageError(`missing ${positionals.name}`, hint);
  if (rest.length > positionals.max)
    throw new UsageError(`unexpected argument "${rest[positionals.max] ?? ''}"`, hint);
  return { values, positionals: rest };
}

export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringValues(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/**
 * The whole-number value of `--name`, or `fallback` when it is absent. Anything else than a whole
 * number from `min` to `max` (no upper bound when `max` is absent) is a UsageError naming the range.
 */
export function integerValue(
  values: ParsedValues,
  name: string,
  fallback: number,
  range: { readonly min: number; readonly max?: number; readonly hint?: string },
): number {
  const text = stringValue(values, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const { min, max } = range;
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return value;
  const bounds = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  throw new UsageError(
    `--${name} must be a whole number ${bounds}; got "${text}"`,
    range.hint ?? `pass e.g. --${name} ${fallback}`,
  );
}
