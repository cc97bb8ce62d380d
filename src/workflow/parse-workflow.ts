import { documentValue, yamlLibrary } from '../yaml/index.js';
import {
  DEFAULT_HANDOFF_TOKENS,
  DEFAULT_MAX_CONCURRENCY,
  MAX_REPEAT,
  MAX_STEPS,
  WORKFLOW_FORMAT_VERSION,
} from './definition.js';
import type {
  HandoffDefinition,
  InputDefinition,
  RepeatDefinition,
  StepDefinition,
  WorkflowDefinition,
} from './definition.js';
import { durationMs } from './duration.js';
import { schemaProblem } from './output-schema.js';
import type { OutputDefinition } from './output-schema.js';

/** One problem in a workflow file, located by line and key path. */
export interface WorkflowIssue {
  readonly line: number | undefined;
  /** Dotted key path, e.g. `steps.2.needs`, or `(root)`. */
  readonly path: string;
  readonly message: string;
}

export interface ParsedWorkflow {
  /** Undefined when the file has structural issues (the issues say why). */
  readonly definition: WorkflowDefinition | undefined;
  readonly issues: readonly WorkflowIssue[];
  /** Line of a key path, for the semantic checks that follow. */
  readonly lineOf: (path: readonly (string | number)[]) => number | undefined;
}

type Path = readonly (string | number)[];
type Mapping = Readonly<Record<string, unknown>>;

const ROOT_KEYS = [
  'version',
  'name',
  'description',
  'inputs',
  'maxCostUsd',
  'maxConcurrency',
  'handoff',
  'steps',
];
const STEP_KEYS = [
  'id',
  'agent',
  'route',
  'task',
  'needs',
  'when',
  'model',
  'maxCostUsd',
  'timeout',
  'retries',
  'repeat',
  'handoff',
  'escalate',
  'output',
];
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads a workflow's YAML text into a definition, collecting every structural issue (wrong types,
 * unknown keys, missing fields) with its line. Graph and reference checks come after, in
 * `validateWorkflow`. Throws only for text that is not YAML at all.
 */
export function parseWorkflow(text: string, fallbackName: string): ParsedWorkflow {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineOf = (path: Path): number | undefined => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return lineCounter.linePos(node.range[0]).line;
    return path.length === 0 ? undefined : lineOf(path.slice(0, -1));
  };
  const first = document.errors[0];
  if (first !== undefined) {
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return {
      definition: undefined,
      issues: [
        { line: first.linePos?.[0].line, path: '(root)', message: `invalid YAML: ${reason}` },
      ],
      lineOf,
    };
  }
  const issues: WorkflowIssue[] = [];
  const issue = (path: Path, message: string): void => {
    issues.push({
      line: lineOf(path),
      path: path.length === 0 ? '(root)' : path.join('.'),
      message,
    });
  };
  const converted = documentValue(document, 50);
  if (converted.error !== undefined) {
    issue([], `invalid YAML: ${converted.error}`);
    return { definition: undefined, issues, lineOf };
  }
  const root = converted.value;
  if (!isMapping(root)) {
    issue([], 'a workflow is a mapping with version, steps and optional inputs');
    return { definition: undefined, issues, lineOf };
  }
  checkKeys(root, [], ROOT_KEYS, issue);
  const read = new FieldReader(issue);
  const version = root['version'];
  if (version === undefined) issue([], `missing "version: ${WORKFLOW_FORMAT_VERSION}"`);
  else if (typeof version === 'number' && version > WORKFLOW_FORMAT_VERSION)
    issue(
      ['version'],
      `format ${version} is newer than this claude-hybrid reads (${WORKFLOW_FORMAT_VERSION}); upgrade claude-hybrid`,
    );
  else if (version !== WORKFLOW_FORMAT_VERSION)
    issue(['version'], `expected ${WORKFLOW_FORMAT_VERSION}, found ${JSON.stringify(version)}`);
  const name = read.string(root, ['name']) ?? fallbackName;
  if (!NAME.test(name))
    issue(['name'], `"${name}" is not a kebab-case name (e.g. feature-delivery)`);
  const defaults = readHandoff(root['handoff'], ['handoff'], read, issue) ?? {
    maxTokens: DEFAULT_HANDOFF_TOKENS,
    summarize: false,
  };
  const steps = readSteps(root['steps'], defaults, read, issue, lineOf);
  const definition: WorkflowDefinition = {
    version: WORKFLOW_FORMAT_VERSION,
    name,
    description: read.string(root, ['description']),
    inputs: readInputs(root['inputs'], read, issue),
    maxCostUsd: read.positive(root, ['maxCostUsd']),
    maxConcurrency: read.integer(root, ['maxConcurrency'], 1, 256) ?? DEFAULT_MAX_CONCURRENCY,
    steps,
  };
  return { definition: issues.length === 0 ? definition : undefined, issues, lineOf };
}

function readInputs(
  value: unknown,
  read: FieldReader,
  issue: (path: Path, message: string) => void,
): Record<string, InputDefinition> {
  const inputs: Record<string, InputDefinition> = Object.create(null) as Record<
    string,
    InputDefinition
  >;
  if (value === undefined) return inputs;
  if (!isMapping(value)) {
    issue(['inputs'], 'inputs is a mapping of input names');
    return inputs;
  }
  for (const [name, spec] of Object.entries(value)) {
    const path = ['inputs', name];
    if (!ID.test(name))
      issue(path, `"${name}" is not a valid input name (letters, digits, - and _)`);
    if (spec === null || spec === undefined)
      inputs[name] = { description: undefined, default: undefined };
    else if (typeof spec === 'string' || typeof spec === 'number' || typeof spec === 'boolean')
      inputs[name] = { description: undefined, default: String(spec) };
    else if (isMapping(spec)) {
      checkKeys(spec, path, ['description', 'default'], issue);
      const fallback = spec['default'];
      let value: string | undefined;
      if (
        typeof fallback === 'string' ||
        typeof fallback === 'number' ||
        typeof fallback === 'boolean'
      )
        value = String(fallback);
      else if (fallback !== undefined && fallback !== null)
        issue([...path, 'default'], 'a default is a single value');
      inputs[name] = {
        description: read.string(spec, [...path, 'description'], 'description'),
        default: value,
      };
    } else issue(path, 'an input is a default value or a mapping with description and default');
  }
  return inputs;
}

function readSteps(
  value: unknown,
  defaults: HandoffDefinition,
  read: FieldReader,
  issue: (path: Path, message: string) => void,
  lineOf: (path: Path) => number | undefined,
): StepDefinition[] {
  if (!Array.isArray(value) || value.length === 0) {
    issue(['steps'], 'steps is a non-empty list of steps, each with an id, an agent and a task');
    return [];
  }
  if (value.length > MAX_STEPS) issue(['steps'], `more than ${MAX_STEPS} steps`);
  const steps: StepDefinition[] = [];
  const seen = new Set<string>();
  value.slice(0, MAX_STEPS).forEach((raw: unknown, index) => {
    const path = ['steps', index];
    if (!isMapping(raw)) {
      issue(path, 'a step is a mapping with id, agent (or route: auto) and task');
      return;
    }
    checkKeys(raw, path, STEP_KEYS, issue);
    const id = read.string(raw, [...path, 'id'], 'id') ?? '';
    if (id === '') issue(path, 'the step has no id');
    else if (!ID.test(id))
      issue([...path, 'id'], `"${id}" is not a valid step id (letters, digits, - and _)`);
    else if (seen.has(id)) issue([...path, 'id'], `step id "${id}" is used twice`);
    seen.add(id);
    const agent = read.string(raw, [...path, 'agent'], 'agent');
    const route = read.string(raw, [...path, 'route'], 'route');
    if (route !== undefined && route !== 'auto')
      issue([...path, 'route'], `route can only be "auto", found "${route}"`);
    if ((agent === undefined) === (route === undefined))
      issue(path, `step "${id}" needs exactly one of agent: NAME or route: auto`);
    const task = read.string(raw, [...path, 'task'], 'task');
    if (task === undefined || task.trim() === '') issue(path, `step "${id}" has no task`);
    const needs = raw['needs'];
    const needList =
      needs === undefined
        ? []
        : typeof needs === 'string'
          ? [needs]
          : Array.isArray(needs) && needs.every((need): need is string => typeof need === 'string')
            ? needs
            : (issue([...path, 'needs'], 'needs is a step id or a list of step ids'), []);
    const timeout = raw['timeout'];
    const timeoutMs = timeout === undefined ? undefined : durationMs(timeout);
    if (timeout !== undefined && timeoutMs === undefined)
      issue(
        [...path, 'timeout'],
        `${JSON.stringify(timeout)} is not a duration; write e.g. 90s or 5m`,
      );
    const escalate = raw['escalate'];
    if (escalate !== undefined && typeof escalate !== 'boolean')
      issue([...path, 'escalate'], `escalate is true or false, found ${describe(escalate)}`);
    const output = readOutput(raw['output'], [...path, 'output'], issue);
    steps.push({
      id,
      agent,
      task: task ?? '',
      needs: needList,
      when: read.string(raw, [...path, 'when'], 'when'),
      model: read.string(raw, [...path, 'model'], 'model'),
      maxCostUsd: read.positive(raw, [...path, 'maxCostUsd']),
      timeoutMs,
      retries: read.integer(raw, [...path, 'retries'], 0, 10),
      repeat: readRepeat(raw['repeat'], [...path, 'repeat'], read, issue),
      handoff: readHandoff(raw['handoff'], [...path, 'handoff'], read, issue) ?? defaults,
      ...(escalate === true ? { escalate } : {}),
      ...(output === undefined ? {} : { output }),
      line: lineOf(path),
    });
  });
  return steps;
}

function readRepeat(
  value: unknown,
  path: Path,
  read: FieldReader,
  issue: (path: Path, message: string) => void,
): RepeatDefinition | undefined {
  if (value === undefined) return undefined;
  if (!isMapping(value)) {
    issue(path, 'repeat is a mapping with max and until');
    return undefined;
  }
  checkKeys(value, path, ['max', 'until'], issue);
  const max = read.integer(value, [...path, 'max'], 1, MAX_REPEAT);
  const until = read.string(value, [...path, 'until'], 'until');
  if (max === undefined || until === undefined) {
    issue(path, `repeat needs both max (1 to ${MAX_REPEAT}) and until (a condition)`);
    return undefined;
  }
  return { max, until };
}

function readOutput(
  value: unknown,
  path: Path,
  issue: (path: Path, message: string) => void,
): OutputDefinition | undefined {
  if (value === undefined) return undefined;
  if (!isMapping(value)) {
    issue(path, 'output is a mapping with schema (a JSON Schema)');
    return undefined;
  }
  checkKeys(value, path, ['schema'], issue);
  const schema = value['schema'];
  if (schema === undefined) {
    issue(path, 'output needs schema: a JSON Schema mapping');
    return undefined;
  }
  if (!isMapping(schema)) {
    issue([...path, 'schema'], `schema is a JSON Schema mapping, found ${describe(schema)}`);
    return undefined;
  }
  const problem = schemaProblem(schema);
  if (problem !== undefined) {
    issue([...path, 'schema'], `not a usable JSON Schema: ${problem}`);
    return undefined;
  }
  return { schema };
}

function readHandoff(
  value: unknown,
  path: Path,
  read: FieldReader,
  issue: (path: Path, message: string) => void,
): HandoffDefinition | undefined {
  if (value === undefined) return undefined;
  if (!isMapping(value)) {
    issue(path, 'handoff is a mapping with maxTokens and summarize');
    return undefined;
  }
  checkKeys(value, path, ['maxTokens', 'summarize'], issue);
  const summarize = value['summarize'];
  if (summarize !== undefined && typeof summarize !== 'boolean')
    issue([...path, 'summarize'], 'summarize is true or false');
  return {
    maxTokens: read.integer(value, [...path, 'maxTokens'], 50, 1_000_000) ?? DEFAULT_HANDOFF_TOKENS,
    summarize: summarize === true,
  };
}

/** Typed field reads that record an issue (and return undefined) for a wrong type. */
class FieldReader {
  constructor(private readonly issue: (path: Path, message: string) => void) {}

  string(map: Mapping, path: Path, key = String(path[path.length - 1])): string | undefined {
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.issue(path, `${key} is text, found ${describe(value)}`);
    return undefined;
  }

  positive(map: Mapping, path: Path): number | undefined {
    const key = String(path[path.length - 1]);
    const value = map[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.issue(path, `${key} is a positive number (US dollars), found ${describe(value)}`);
    return undefined;
  }

  integer(map: Mapping, path: Path, min: number, max: number): number | undefined {
    const key = String(path[path.length - 1]);
    const value = map[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
      return value;
    this.issue(path, `${key} is a whole number from ${min} to ${max}, found ${describe(value)}`);
    return undefined;
  }
}

function checkKeys(
  map: Mapping,
  path: Path,
  allowed: readonly string[],
  issue: (path: Path, message: string) => void,
): void {
  for (const key of Object.keys(map))
    if (!allowed.includes(key))
      issue([...path, key], `unknown key "${key}"; expected one of ${allowed.join(', ')}`);
}

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
