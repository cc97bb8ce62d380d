import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { WorkflowError } from '../errors.js';
import { closestNames } from '../routing/index.js';
import type { WorkflowDefinition } from './definition.js';
import { parseWorkflow } from './parse-workflow.js';
import type { WorkflowIssue } from './parse-workflow.js';
import { validateWorkflow } from './validate-workflow.js';
import type { CompiledWorkflow } from './validate-workflow.js';

/** A workflow file is a page of YAML, not a data dump. */
const MAX_WORKFLOW_BYTES = 1024 * 1024;

export interface LoadedWorkflow {
  readonly file: string;
  /** Undefined when there are issues. */
  readonly compiled: CompiledWorkflow | undefined;
  /** Every issue, each as `file:line: path: message`. */
  readonly issues: readonly string[];
}

/**
 * Reads, parses and checks a workflow file against the agents that can be named. File problems
 * (missing, too large, not UTF-8) throw; everything about the content comes back as issues.
 */
export function loadWorkflowFile(
  file: string,
  agents: readonly string[] | undefined,
): LoadedWorkflow {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_WORKFLOW_BYTES)
      throw new WorkflowError('workflow.too_large', `${file} is larger than 1 MiB`, {
        hint: 'a workflow is a page of YAML; check the path',
        exitCode: 2,
      });
    const bytes = readFileSync(file);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof WorkflowError) throw error;
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new WorkflowError('workflow.unreadable', `cannot read workflow ${file}: ${reason}`, {
      hint: 'check the path; workflows usually live in .claude-hybrid/workflows/',
      exitCode: 2,
      cause: error,
    });
  }
  const parsed = parseWorkflow(text, basename(file, extname(file)).toLowerCase());
  const byLine = (issues: readonly WorkflowIssue[]): WorkflowIssue[] =>
    [...issues].sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
  const format = (issue: WorkflowIssue): string =>
    `${file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path}: ${issue.message}`;
  if (parsed.definition === undefined)
    return { file, compiled: undefined, issues: byLine(parsed.issues).map(format) };
  const { compiled, issues } = validateWorkflow(parsed.definition, {
    lineOf: parsed.lineOf,
    ...(agents === undefined ? {} : { agents }),
  });
  return { file, compiled, issues: byLine(issues).map(format) };
}

/** Throws the first issue (by line) as a one-line error (the rest are counted). */
export function requireValid(loaded: LoadedWorkflow): CompiledWorkflow {
  if (loaded.compiled !== undefined) return loaded.compiled;
  const more = loaded.issues.length - 1;
  throw new WorkflowError(
    'workflow.invalid',
    `${loaded.issues[0] ?? `${loaded.file} is not a valid workflow`}${more > 0 ? ` (and ${more} more)` : ''}`,
    { hint: `run: claude-hybrid workflow validate ${loaded.file}`, exitCode: 2 },
  );
}

/** The run's inputs: given values, then defaults; unknown or missing inputs are errors. */
export function resolveInputs(
  definition: WorkflowDefinition,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const declared = Object.keys(definition.inputs);
  for (const name of Object.keys(given))
    if (!Object.hasOwn(definition.inputs, name)) {
      const close = closestNames(name, declared);
      throw new WorkflowError(
        'workflow.unknown_input',
        `workflow ${definition.name} has no input "${name}"${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
        {
          hint: declared.length > 0 ? `its inputs: ${declared.join(', ')}` : 'it takes no inputs',
          exitCode: 2,
        },
      );
    }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const value = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (value === undefined)
      throw new WorkflowError(
        'workflow.missing_input',
        `workflow ${definition.name} needs input "${name}"${spec.description === undefined ? '' : ` (${spec.description})`}`,
        {
          hint: `pass --input ${name}=VALUE`,
          exitCode: 2,
        },
      );
    inputs[name] = value;
  }
  return inputs;
}
