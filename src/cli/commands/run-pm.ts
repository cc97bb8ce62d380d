import { createInterface } from 'node:readline';
import type { Engine } from '../../engine/index.js';
import { declinePlan, planGoal } from '../../engine/engine.bundle.js';
import { PLAN_STEP } from '../../workflow/workflow.bundle.js';
import type { CompiledWorkflow } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { executeRun } from './workflow-execution.js';

export interface PmOptions {
  readonly goal: string;
  readonly maxCostUsd: number | undefined;
  readonly maxDelegations: number;
  readonly confirm: boolean;
  readonly providerFlag: string | undefined;
  readonly modelFlag: string | undefined;
  readonly noCache: boolean;
}

/**
 * `run --pm`: the engine has the PM plan the goal into a recorded workflow run; the plan is
 * shown (and confirmed with --confirm), then run like any workflow.
 */
export async function runPm(
  context: CliContext,
  engine: Engine,
  options: PmOptions,
): Promise<number> {
  const planned = await planGoal(engine, {
    goal: options.goal,
    maxCostUsd: options.maxCostUsd,
    maxDelegations: options.maxDelegations,
    provider: options.providerFlag,
    model: options.modelFlag,
    onPlanning: (agent, model) => {
      if (!context.json)
        context.io.stderr.write(`${context.colors.dim(`${agent} is planning on ${model}...`)}\n`);
    },
  });
  const { id } = planned.run;
  showPlan(context, planned.compiled, id, planned.delegations);
  if (options.confirm && !(await confirmed(context, planned.delegations))) {
    await declinePlan(engine, id);
    context.io.stderr.write(`not run; to run it later: claude-hybrid workflow resume ${id}\n`);
    return 0;
  }
  return executeRun({
    context,
    engine,
    prepared: planned,
    providerFlag: planned.run.options.provider,
    noCache: options.noCache,
  });
}

function showPlan(
  context: CliContext,
  workflow: CompiledWorkflow,
  id: string,
  delegations: number,
): void {
  if (context.json) return;
  const lines = workflow.definition.steps
    .filter((step) => step.id !== PLAN_STEP)
    .map((step) => {
      const needs = step.needs.filter((need) => need !== PLAN_STEP);
      const summary = (step.task.split('\n', 1)[0] ?? '').slice(0, 100);
      return `  ${context.colors.bold(step.id)} → ${step.agent ?? 'auto'}${needs.length > 0 ? ` (after ${needs.join(', ')})` : ''}: ${summary}`;
    });
  context.io.stderr.write(
    `plan ${id}: ${delegations} delegation${delegations === 1 ? '' : 's'} and a check\n${lines.join('\n')}\n`,
  );
}

/** Asks on standard input; only "y" or "yes" goes on. */
async function confirmed(context: CliContext, delegations: number): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    context.io.stderr.write(`Run these ${delegations} delegations? [y/N] `);
    const line = await new Promise<string>((resolve) => {
      prompt.once('line', resolve);
      prompt.once('close', () => {
        resolve('');
      });
    });
    return /^\s*y(es)?\s*$/i.test(line);
  } finally {
    prompt.close();
  }
}
