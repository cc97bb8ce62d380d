import { MEMORY_SECTIONS } from '../memory/index.js';
import { HybridError } from '../errors.js';
import type {
  DoctorOptions,
  HybridOptions,
  MemoryAddOptions,
  MemoryListOptions,
  MemorySearchOptions,
  RecentEventsOptions,
  RouteOptions,
  RunOptions,
  SkillDeployOptions,
  StatsOptions,
  WorkerOptions,
  WorkflowRunOptions,
} from './types.js';

/**
 * Checks of what library callers pass, before any side effect. JavaScript callers are not held
 * to the types, so every field is checked at run time and refused with `engine.invalid_options`,
 * naming the field: never a TypeError from deep inside, never a process exit.
 */
const PROVIDERS: readonly string[] = [
  'anthropic',
  'bedrock',
  'vertex',
  'claude-code',
  'openai',
  'sim',
];
/** The memory file's sections, which the public type spells out again (types.ts imports nothing). */
const SECTIONS: readonly string[] = MEMORY_SECTIONS satisfies readonly NonNullable<
  MemoryAddOptions['section']
>[];

/** The longest task or memory query accepted, in characters (what `run -` reads: 64 MiB). */
const MAX_TEXT = 64 * 1024 * 1024;

function invalid(message: string, hint: string): HybridError {
  return new HybridError('engine.invalid_options', message, { exitCode: 2, hint });
}

type Fields = Readonly<Record<string, unknown>>;

/** `value` as a plain options object (undefined: none); anything else is refused. */
function fieldsOf(value: unknown, what: string, known: readonly string[]): Fields {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${what} must be an object`, `pass an object, e.g. { ${known[0] ?? ''}: … }`);
  const fields = value as Fields; // a non-null, non-array object
  for (const key of Object.keys(fields))
    if (!known.includes(key))
      throw invalid(`${what} has no option "${key}"`, `the options are: ${known.join(', ')}`);
  return fields;
}

function optionalString(fields: Fields, key: string, what: string): void {
  const value = fields[key];
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw invalid(
      `${what}.${key} must be a non-empty string`,
      `pass a string, or leave ${key} out`,
    );
}

function optionalBoolean(fields: Fields, key: string, what: string): void {
  const value = fields[key];
  if (value !== undefined && typeof value !== 'boolean')
    throw invalid(`${what}.${key} must be true or false`, `pass a boolean, or leave ${key} out`);
}

function optionalFunction(fields: Fields, key: string, what: string): void {
  const value = fields[key];
  if (value !== undefined && typeof value !== 'function')
    throw invalid(`${what}.${key} must be a function`, `pass a function, or leave ${key} out`);
}

function optionalProvider(fields: Fields, what: string): void {
  const value = fields.provider;
  if (value !== undefined && (typeof value !== 'string' || !PROVIDERS.includes(value)))
    throw invalid(
      `${what}.provider must be one of ${PROVIDERS.join(', ')}; got ${JSON.stringify(value)}`,
      "pass e.g. provider: 'sim' (offline) or 'anthropic'",
    );
}

function optionalSignal(fields: Fields, what: string): void {
  const value = fields.signal;
  if (value !== undefined && !(value instanceof AbortSignal))
    throw invalid(`${what}.signal must be an AbortSignal`, 'pass controller.signal');
}

function optionalPositive(fields: Fields, key: string, what: string, integer: boolean): void {
  const value = fields[key];
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  )
    throw invalid(
      `${what}.${key} must be a positive ${integer ? 'integer' : 'number'}; got ${JSON.stringify(value)}`,
      `pass e.g. ${key}: ${integer ? '5' : '0.5'}`,
    );
}

/** A task, query or name: a non-empty string within the size limit. */
export function checkText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`${what} must be a non-empty string`, `pass the ${what} as text`);
  if (value.length > MAX_TEXT)
    throw invalid(`${what} is over ${MAX_TEXT} characters`, `shorten the ${what}`);
  return value;
}

export function checkHybridOptions(value: unknown): HybridOptions {
  const what = 'createHybrid options';
  const fields = fieldsOf(value, what, ['cwd', 'provider', 'env', 'agentDirs', 'onWarning']);
  optionalString(fields, 'cwd', what);
  optionalProvider(fields, what);
  optionalFunction(fields, 'onWarning', what);
  const { env, agentDirs } = fields;
  if (env !== undefined && (env === null || typeof env !== 'object'))
    throw invalid(`${what}.env must be an object of strings`, 'pass e.g. env: process.env');
  if (
    agentDirs !== undefined &&
    !(Array.isArray(agentDirs) && agentDirs.every((dir) => typeof dir === 'string' && dir !== ''))
  )
    throw invalid(
      `${what}.agentDirs must be an array of paths`,
      "pass e.g. agentDirs: ['./agents']",
    );
  return fields; // every field checked above
}

export function checkRunOptions(value: unknown): RunOptions {
  const what = 'run options';
  const fields = fieldsOf(value, what, [
    'agent',
    'model',
    'provider',
    'maxCostUsd',
    'cache',
    'signal',
    'onEvent',
    'queue',
    'llmRoute',
    'escalate',
  ]);
  optionalString(fields, 'agent', what);
  optionalString(fields, 'model', what);
  optionalProvider(fields, what);
  optionalPositive(fields, 'maxCostUsd', what, false);
  optionalBoolean(fields, 'cache', what);
  optionalBoolean(fields, 'escalate', what);
  optionalSignal(fields, what);
  optionalFunction(fields, 'onEvent', what);
  optionalString(fields, 'queue', what);
  optionalBoolean(fields, 'llmRoute', what);
  return fields; // every field checked above
}

export function checkRouteOptions(value: unknown): RouteOptions {
  const what = 'route options';
  const fields = fieldsOf(value, what, ['top', 'model', 'llmRoute']);
  optionalPositive(fields, 'top', what, true);
  optionalString(fields, 'model', what);
  optionalBoolean(fields, 'llmRoute', what);
  return fields; // every field checked above
}

export function checkWorkflowOptions(value: unknown): WorkflowRunOptions {
  const what = 'workflow options';
  const fields = fieldsOf(value, what, ['provider', 'model', 'cache', 'signal', 'onStep', 'queue']);
  optionalProvider(fields, what);
  optionalString(fields, 'model', what);
  optionalBoolean(fields, 'cache', what);
  optionalSignal(fields, what);
  optionalFunction(fields, 'onStep', what);
  optionalString(fields, 'queue', what);
  return fields; // every field checked above
}

export function checkWorkerOptions(value: unknown): WorkerOptions {
  const what = 'worker options';
  const fields = fieldsOf(value, what, ['queue', 'concurrency', 'onLog']);
  if (typeof fields.queue !== 'string' || fields.queue === '')
    throw invalid(
      `${what}.queue must be a Redis URL`,
      "pass e.g. { queue: 'redis://127.0.0.1:6379' }",
    );
  optionalPositive(fields, 'concurrency', what, true);
  optionalFunction(fields, 'onLog', what);
  return fields as unknown as WorkerOptions; // queue checked above, the rest optional and checked
}

export function checkInputs(value: unknown): Readonly<Record<string, string>> {
  const fields = fieldsOf(value, 'workflow inputs', Object.keys(value ?? {}));
  for (const [name, input] of Object.entries(fields))
    if (typeof input !== 'string')
      throw invalid(`workflow input "${name}" must be a string`, 'pass inputs as { name: "text" }');
  return fields as Readonly<Record<string, string>>; // every value is a string: checked above
}

export function checkMemoryAddOptions(value: unknown): MemoryAddOptions {
  const what = 'memory.add options';
  const fields = fieldsOf(value, what, ['section']);
  const { section } = fields;
  if (section !== undefined && (typeof section !== 'string' || !SECTIONS.includes(section)))
    throw invalid(
      `${what}.section must be one of ${SECTIONS.join(', ')}`,
      "pass e.g. section: 'Gotchas'",
    );
  return fields; // every field checked above
}

export function checkMemorySearchOptions(value: unknown): MemorySearchOptions {
  const what = 'memory.search options';
  const fields = fieldsOf(value, what, ['agent', 'limit']);
  optionalString(fields, 'agent', what);
  optionalPositive(fields, 'limit', what, true);
  return fields; // every field checked above
}

export function checkMemoryListOptions(value: unknown): MemoryListOptions {
  const what = 'memory.list options';
  const fields = fieldsOf(value, what, ['agent']);
  optionalString(fields, 'agent', what);
  return fields; // every field checked above
}

export function checkDoctorOptions(value: unknown): DoctorOptions {
  const what = 'doctor options';
  const fields = fieldsOf(value, what, ['online', 'requireKey']);
  optionalBoolean(fields, 'online', what);
  optionalBoolean(fields, 'requireKey', what);
  return fields; // every field checked above
}

export function checkStatsOptions(value: unknown): StatsOptions {
  const what = 'stats options';
  const fields = fieldsOf(value, what, ['sinceMs']);
  optionalPositive(fields, 'sinceMs', what, false);
  return fields; // every field checked above
}

/** The most events one `events.recent` call returns (the store's own query limit). */
const MAX_RECENT_EVENTS = 10_000;

export function checkRecentEventsOptions(value: unknown): RecentEventsOptions {
  const what = 'events.recent options';
  const fields = fieldsOf(value, what, [
    'limit',
    'type',
    'typePrefix',
    'session',
    'run',
    'sinceMs',
  ]);
  optionalPositive(fields, 'limit', what, true);
  if (typeof fields.limit === 'number' && fields.limit > MAX_RECENT_EVENTS)
    throw invalid(
      `${what}.limit is at most ${MAX_RECENT_EVENTS}; got ${fields.limit}`,
      'page with a smaller limit',
    );
  for (const key of ['type', 'typePrefix', 'session', 'run']) optionalString(fields, key, what);
  optionalPositive(fields, 'sinceMs', what, false);
  return fields; // every field checked above
}

export function checkSkillDeployOptions(value: unknown, what: string): SkillDeployOptions {
  const fields = fieldsOf(value, what, ['names', 'target', 'user', 'dryRun', 'force']);
  const { names } = fields;
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === ''))
  )
    throw invalid(
      `${what}.names must be a list of skill names`,
      "pass e.g. names: ['review-change']",
    );
  optionalString(fields, 'target', what);
  for (const key of ['user', 'dryRun', 'force']) optionalBoolean(fields, key, what);
  return fields; // every field checked above
}
