import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { OptionSpec, ParsedValues } from './command.js';

/** Parses a subcommand's arguments strictly; any mistake is a UsageError (exit 2). */
export function parseCommandArgs(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  positionals: { readonly min: number; readonly max: number; readonly name: string },
  commandPath: string,
): { values: ParsedValues; positionals: string[] } {
  const config: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = { type: spec.type, ...(spec.multiple === true ? { multiple: true } : {}), ...(spec.short === undefined ? {} : { short: spec.short }) };
  }
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true }) as {
      values: ParsedValues;
      positionals: string[];
    }; // parseArgs' inferred type is generic over the config; the shape is this
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), `run 'claude-hybrid ${commandPath} --help' for usage`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) {
    throw new UsageError(`missing ${positionals.name}`, `run 'claude-hybrid ${commandPath} --help' for usage`);
  }
  if (count > positionals.max) {
    const extra = parsed.positionals[positionals.max] ?? '';
    throw new UsageError(`unexpected argument "${extra}"`, `run 'claude-hybrid ${commandPath} --help' for usage`);
  }
  return parsed;
}

export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringValues(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}
