import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { LoadedConfig } from '../../config/index.js';
import {
  ContextTracker,
  TokenCounter,
  createProvider,
  fitContext,
  runTask,
} from '../../engine/index.js';
import type { RunResult } from '../../engine/index.js';
import { AgentError, BudgetError, WorkflowError } from '../../errors.js';
import type { ModelRequest } from '../../llm/index.js';
import { loadModelTable } from '../../routing/index.js';
import type { Runtime } from '../../runtime.js';
import {
  CheckpointStore,
  PLAN_STEP,
  planToWorkflow,
  planningTask,
  repairTask,
} from '../../workflow/index.js';
import type { CompiledWorkflow } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { clientFor, planCall } from './agent-call.js';
import { executeRun, runProvider } from './workflow-execution.js';

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
 * `run --pm`: the PM agent plans (JSON, checked, one repair), the plan is shown (and confirmed
 * with --confirm), then it runs as a checkpointed workflow ending in a verification against the
 * goal. The plan and its cost are recorded as the run's first step, so `workflow status` and
 * `workflow resume` work on it like on any workflow.
 */
export async function runPm(
  context: CliContext,
  runtime: Runtime,
  loaded: LoadedConfig,
  options: PmOptions,
): Promise<number> {
  const { config } = loaded;
  const store = new CheckpointStore(runtime.store.db); // needs an initialised project
  const provider = runProvider(context, loaded, options.providerFlag, undefined);
  if (provider === 'sim')
    throw new WorkflowError(
      'workflow.sim_cannot_plan',
      'the sim provider cannot write a plan: it only answers with a simulated note',
      {
        hint: 'use --provider anthropic or claude-code, or try a bundled workflow on sim: claude-hybrid workflow run feature-delivery --provider sim',
        exitCode: 2,
      },
    );
  const snapshot = runtime.registry.load();
  const pm = snapshot.agents.find((entry) => entry.definition.name === config.routing.defaultAgent);
  if (pm === undefined)
    throw new AgentError(
      'agents.not_found',
      `no "${config.routing.defaultAgent}" agent to plan with`,
      {
        hint: 'keep the bundled pm agent, or set routing.defaultAgent to your orchestrator',
        exitCode: 2,
      },
    );
  const delegates = snapshot.agents
    .filter((entry) => entry !== pm)
    .map((entry) => ({ name: entry.definition.name, description: entry.definition.description }));
  const task = planningTask(options.goal, delegates, options.maxDelegations);
  const table = loadModelTable(config.models.table, loaded.projectRoot);
  const planned = planCall({
    agent: pm.definition,
    task,
    modelFlag: options.modelFlag,
    config,
    table,
    provider,
  });
  if (options.maxCostUsd !== undefined && planned.estimate.usd.high > options.maxCostUsd)
    throw new BudgetError(
      'budget.exceeded',
      `planning alone is estimated at up to $${planned.estimate.usd.high.toFixed(4)}, over --max-cost $${options.maxCostUsd}`,
      { exitCode: 2, hint: 'raise --max-cost, or pick a cheaper --model for the plan' },
    );
  const providerInstance = createProvider(provider, {
    env: context.io.env,
    cwd: loaded.projectRoot,
    openaiBaseUrl: config.engine.openaiBaseUrl,
    tools: [],
  });
  const client = clientFor(provider, context.io.env, config);
  const call = async (request: ModelRequest): Promise<RunResult> => {
    const fit = await fitContext(
      request,
      planned.modelInfo.contextWindow,
      new TokenCounter({}),
      new ContextTracker(planned.modelInfo.contextWindow),
    );
    return runTask({
      provider: providerInstance,
      client,
      request: fit.request,
      model: planned.modelInfo,
    });
  };
  const planOptions = {
    goal: options.goal,
    agents: delegates.map((agent) => agent.name).concat(pm.definition.name),
    maxSteps: options.maxDelegations,
    verifier: pm.definition.name,
    planningTask: task,
    maxCostUsd: options.maxCostUsd,
  };
  if (!context.json)
    context.io.stderr.write(
      `${context.colors.dim(`${pm.definition.name} is planning on ${planned.choice.model}...`)}\n`,
    );
  const first = await call(planned.request);
  let spent = first.costUsd;
  let answer = first;
  let plan = planToWorkflow(first.response.text, planOptions);
  if (!plan.ok) {
    // One repair: the PM sees its answer and every problem with it.
    const repaired = await call({
      ...planned.request,
      messages: [
        ...planned.request.messages,
        { role: 'assistant', content: first.response.text },
        { role: 'user', content: repairTask(plan.problems) },
      ],
    });
    spent += repaired.costUsd;
    answer = repaired;
    plan = planToWorkflow(repaired.response.text, planOptions);
  }
  if (!plan.ok)
    throw new WorkflowError(
      'workflow.invalid_plan',
      `the ${pm.definition.name} agent's plan failed its schema twice: ${plan.problems.slice(0, 3).join('; ')}`,
      {
        hint: 'rephrase the goal more concretely, or raise --max-delegations if it needs more steps',
        exitCode: 2,
      },
    );
  const workflow = plan.workflow;
  const id = randomUUID().slice(0, 8);
  store.createRun({
    id,
    file: '(run --pm)',
    definition: workflow.definition,
    inputs: {},
    options: { provider, model: options.modelFlag },
    pid: process.pid,
  });
  // The plan is the run's first step, done and paid for.
  store.startStep(id, PLAN_STEP);
  store.completeIteration(
    id,
    PLAN_STEP,
    1,
    {
      agent: pm.definition.name,
      model: answer.response.model,
      output: answer.response.text,
      usage: answer.usage,
      costUsd: spent,
      attempts: answer.attempts,
      cached: answer.cached,
      durationMs: answer.durationMs,
    },
    true,
  );
  showPlan(context, workflow, id, plan.steps);
  if (options.confirm && !(await confirmed(context, plan.steps))) {
    store.setRunStatus(id, 'cancelled', 'the plan was not confirmed');
    context.io.stderr.write(`not run; to run it later: claude-hybrid workflow resume ${id}\n`);
    return 0;
  }
  const run = store.run(id);
  if (run === undefined)
    throw new WorkflowError('workflow.unknown_run', `run ${id} was not recorded`, { exitCode: 1 });
  return executeRun({
    context,
    runtime,
    loaded,
    run,
    compiled: workflow,
    providerFlag: provider,
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
