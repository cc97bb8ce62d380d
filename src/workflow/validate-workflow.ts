import { closestNames } from '../routing/index.js';
import type { StepDefinition, WorkflowDefinition } from './definition.js';
import { ExpressionError, checkExpression, parseExpression } from './expressions.js';
import type { Expression, ValueType } from './expressions.js';
import type { WorkflowIssue } from './parse-workflow.js';
import { TemplateError, parseTemplate } from './templates.js';
import type { TemplatePart } from './templates.js';

/** A step with its template and conditions parsed and its place in the graph worked out. */
export interface CompiledStep {
  readonly definition: StepDefinition;
  readonly task: readonly TemplatePart[];
  readonly when: Expression | undefined;
  readonly until: Expression | undefined;
  /** Steps this one waits for, directly or through others. */
  readonly ancestors: ReadonlySet<string>;
}

export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  /** In a dependency order: every step after all of its needs. */
  readonly steps: readonly CompiledStep[];
}

/** What a step can read about another: `steps.ID.<field>`. */
export const STEP_FIELDS: Readonly<Record<string, ValueType>> = {
  output: 'string',
  status: 'string',
  cost: 'number',
  iterations: 'number',
};
/** What a repeating step can read about its own loop: `repeat.<field>`. */
const REPEAT_FIELDS: Readonly<Record<string, ValueType>> = {
  iteration: 'number',
  previous: 'string',
};

export interface ValidateOptions {
  /** Agents that can be named; undefined skips the check. */
  readonly agents?: readonly string[];
  readonly lineOf?: (path: readonly (string | number)[]) => number | undefined;
}

/**
 * The checks that need the whole workflow: needs that name no step, cycles, templates and
 * conditions that read something that does not exist (or is not guaranteed to have run first),
 * type errors in conditions, and unknown agents. Returns the compiled workflow when there is no
 * issue.
 */
export function validateWorkflow(
  definition: WorkflowDefinition,
  options: ValidateOptions = {},
): { compiled: CompiledWorkflow | undefined; issues: WorkflowIssue[] } {
  const issues: WorkflowIssue[] = [];
  const lineOf = options.lineOf ?? (() => undefined);
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const at = (index: number, key?: string): { line: number | undefined; path: string } => {
    const path = key === undefined ? ['steps', index] : ['steps', index, key];
    return { line: lineOf(path) ?? definition.steps[index]?.line, path: path.join('.') };
  };
  definition.steps.forEach((step, index) => {
    for (const need of step.needs)
      if (!byId.has(need)) {
        const close = closestNames(
          need,
          [...byId.keys()].filter((id) => id !== step.id),
        );
        issues.push({
          ...at(index, 'needs'),
          message: `step "${step.id}" needs "${need}", which is not a step${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
        });
      } else if (need === step.id)
        issues.push({ ...at(index, 'needs'), message: `step "${step.id}" needs itself` });
    if (
      step.agent !== undefined &&
      options.agents !== undefined &&
      !options.agents.includes(step.agent)
    ) {
      const close = closestNames(step.agent, options.agents);
      issues.push({
        ...at(index, 'agent'),
        message: `unknown agent "${step.agent}"${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
      });
    }
  });
  const order = dependencyOrder(definition.steps, byId);
  if (order.cycle !== undefined) {
    const index = definition.steps.findIndex((step) => step.id === order.cycle?.[0]);
    issues.push({
      ...at(index, 'needs'),
      message: `the steps form a cycle: ${order.cycle.join(' → ')}`,
    });
    return { compiled: undefined, issues };
  }
  const ancestors = new Map<string, Set<string>>();
  for (const step of order.steps) {
    const set = new Set<string>();
    for (const need of step.needs) {
      if (!byId.has(need)) continue;
      set.add(need);
      for (const above of ancestors.get(need) ?? []) set.add(above);
    }
    ancestors.set(step.id, set);
  }
  const compiled: CompiledStep[] = [];
  for (const step of order.steps) {
    const index = definition.steps.indexOf(step);
    const mine = ancestors.get(step.id) ?? new Set<string>();
    const typeOf = referenceTypes(definition, step, mine);
    let task: TemplatePart[] = [];
    try {
      task = parseTemplate(step.task);
      for (const part of task) if (part.kind === 'ref') typeOf(part.path, false);
    } catch (error) {
      issues.push({ ...at(index, 'task'), message: `task: ${(error as Error).message}` });
    }
    const condition = (
      key: 'when' | 'until',
      source: string | undefined,
    ): Expression | undefined => {
      if (source === undefined) return undefined;
      try {
        const expression = parseExpression(source);
        checkExpression(expression, (path) => typeOf(path, key === 'until'));
        return expression;
      } catch (error) {
        if (!(error instanceof ExpressionError || error instanceof TemplateError)) throw error;
        issues.push({
          ...at(index, key === 'when' ? 'when' : 'repeat'),
          message: `${key}: ${error.message}`,
        });
        return undefined;
      }
    };
    compiled.push({
      definition: step,
      task,
      when: condition('when', step.when),
      until: condition('until', step.repeat?.until),
      ancestors: mine,
    });
  }
  return { compiled: issues.length === 0 ? { definition, steps: compiled } : undefined, issues };
}

/**
 * The type of each reference a step may make, or a TemplateError saying why it may not.
 * `self` allows the step's own fields (only `repeat.until` reads them, after an iteration).
 */
function referenceTypes(
  definition: WorkflowDefinition,
  step: StepDefinition,
  ancestors: ReadonlySet<string>,
): (path: readonly string[], self: boolean) => ValueType {
  return (path, self) => {
    const [namespace, name, field, ...rest] = path;
    const dotted = path.join('.');
    if (namespace === 'inputs' && name !== undefined && field === undefined) {
      if (Object.hasOwn(definition.inputs, name)) return 'string';
      const close = closestNames(name, Object.keys(definition.inputs));
      throw new TemplateError(
        `${dotted} is not a declared input${close.length > 0 ? `; closest: ${close.join(', ')}` : '; declare it under inputs:'}`,
      );
    }
    if (namespace === 'steps' && name !== undefined && field !== undefined && rest.length === 0) {
      const type = STEP_FIELDS[field];
      if (type === undefined)
        throw new TemplateError(
          `${dotted}: a step has ${Object.keys(STEP_FIELDS).join(', ')}, not "${field}"`,
        );
      if (name === step.id && self) return type;
      if (!definition.steps.some((other) => other.id === name)) {
        const close = closestNames(
          name,
          definition.steps.map((other) => other.id),
        );
        throw new TemplateError(
          `${dotted}: there is no step "${name}"${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
        );
      }
      if (!ancestors.has(name))
        throw new TemplateError(
          `${dotted}: step "${name}" is not among the needs of "${step.id}", so it may not have run yet; add it to needs`,
        );
      return type;
    }
    if (namespace === 'repeat' && name !== undefined && field === undefined) {
      const type = REPEAT_FIELDS[name];
      if (type === undefined)
        throw new TemplateError(`${dotted}: repeat has iteration and previous`);
      if (step.repeat === undefined)
        throw new TemplateError(`${dotted} is only available in a step with repeat:`);
      return type;
    }
    throw new TemplateError(
      `"${dotted}" is not something a step can read; use inputs.NAME, steps.ID.output|status|cost|iterations or repeat.iteration|previous`,
    );
  };
}

/** Kahn's order over the needs that exist; on a cycle, one cycle's path. */
function dependencyOrder(
  steps: readonly StepDefinition[],
  byId: ReadonlyMap<string, StepDefinition>,
): { steps: StepDefinition[]; cycle?: string[] } {
  const waiting = new Map(
    steps.map((step) => [step.id, step.needs.filter((need) => byId.has(need)).length]),
  );
  const dependents = new Map<string, StepDefinition[]>();
  for (const step of steps)
    for (const need of step.needs)
      if (byId.has(need)) dependents.set(need, [...(dependents.get(need) ?? []), step]);
  const ready = steps.filter((step) => waiting.get(step.id) === 0);
  const ordered: StepDefinition[] = [];
  for (let step = ready.shift(); step !== undefined; step = ready.shift()) {
    ordered.push(step);
    for (const dependent of dependents.get(step.id) ?? []) {
      const left = (waiting.get(dependent.id) ?? 0) - 1;
      waiting.set(dependent.id, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (ordered.length === steps.length) return { steps: ordered };
  // Walk needs from a step left over until one repeats: that is a cycle.
  const left = new Set(steps.filter((step) => !ordered.includes(step)).map((step) => step.id));
  let current = [...left][0] ?? '';
  const path: string[] = [];
  while (!path.includes(current)) {
    path.push(current);
    current = byId.get(current)?.needs.find((need) => left.has(need)) ?? current;
  }
  return { steps: ordered, cycle: [...path.slice(path.indexOf(current)), current] };
}
