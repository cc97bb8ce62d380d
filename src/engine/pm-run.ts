import { AgentError, BudgetError, WorkflowError } from '../errors.js';
import {
  PLAN_STEP,
  planToWorkflow,
  planningTask,
  repairTask,
  simulatedPlan,
} from '../workflow/index.js';
import type { AgentRunPlan, AgentRunResult } from './agent-run.js';
import { planAgentRun, runAgent } from './agent-run.js';
import type { Engine } from './engine.js';
import { checkpoints, recordRun } from './workflow-runs.js';
import type { PreparedRun } from './workflow-runs.js';

export interface GoalPlanInput {
  /** What the PM should achieve. */
  readonly goal: string;
  /** The budget of the whole run, planning included, in USD. */
  readonly maxCostUsd: number | undefined;
  /** The most steps the plan may delegate. */
  readonly maxDelegations: number;
  readonly provider: string | undefined;
  /** The model for the plan and for steps that name none. */
  readonly model: string | undefined;
  /** Told before the (paid) planning call starts: which agent plans on which model. */
  readonly onPlanning?: ((agent: string, model: string) => void) | undefined;
}

export interface GoalPlan extends PreparedRun {
  /** How many steps the plan delegates (its final check not counted). */
  readonly delegations: number;
}

/**
 * `run --pm`: the PM agent plans the goal as JSON steps for the other agents (checked, with
 * one repair), and the plan becomes a recorded workflow run whose first step, the plan itself,
 * is done and paid for. Running it is `executeWorkflowRun`, so `workflow status` and `resume`
 * work on it like on any workflow.
 */
export async function planGoal(engine: Engine, input: GoalPlanInput): Promise<GoalPlan> {
  const provider = engine.chooseProvider(input.provider).name;
  const store = checkpoints(engine); // needs an initialised project
  const { agents } = engine.runtime.registry.load();
  const pmName = engine.config.routing.defaultAgent;
  const pm = agents.find((entry) => entry.definition.name === pmName);
  if (pm === undefined)
    throw new AgentError('agents.not_found', `no "${pmName}" agent to plan with`, {
      hint: 'keep the bundled pm agent, or set routing.defaultAgent to your orchestrator',
      exitCode: 2,
    });
  const delegates = agents
    .filter((entry) => entry !== pm)
    .map((entry) => ({ name: entry.definition.name, description: entry.definition.description }));
  const task = planningTask(input.goal, delegates, input.maxDelegations);
  const planned = planAgentRun(engine, {
    task,
    agent: pmName,
    model: input.model,
    provider,
    recalled: [],
  });
  if (input.maxCostUsd !== undefined && planned.estimate.usd.high > input.maxCostUsd)
    throw new BudgetError(
      'budget.exceeded',
      `planning alone is estimated at up to $${planned.estimate.usd.high.toFixed(4)}, over --max-cost $${input.maxCostUsd}`,
      { exitCode: 2, hint: 'raise --max-cost, or pick a cheaper --model for the plan' },
    );
  input.onPlanning?.(pmName, planned.model.model);
  // The plan is a JSON answer, not a run of its own: no run events, nothing to remember.
  const ask = (plan: AgentRunPlan): Promise<AgentRunResult> =>
    runAgent(engine, plan, { events: false, capture: false });
  const planOptions = {
    goal: input.goal,
    agents: delegates.map((agent) => agent.name).concat(pmName),
    maxSteps: input.maxDelegations,
    verifier: pmName,
    planningTask: task,
    maxCostUsd: input.maxCostUsd,
  };
  const called = await ask(planned);
  // sim cannot write a plan: its (free) call answers with a canned one, checked like any other.
  const first =
    provider === 'sim'
      ? {
          ...called,
          output: simulatedPlan(
            input.goal,
            delegates.map((agent) => agent.name),
            input.maxDelegations,
          ),
        }
      : called;
  let spent = first.costUsd;
  let answer = first;
  let plan = planToWorkflow(first.output, planOptions);
  if (!plan.ok) {
    // One repair: the PM sees its answer and every problem with it.
    const repaired = await ask({
      ...planned,
      request: {
        ...planned.request,
        messages: [
          ...planned.request.messages,
          { role: 'assistant', content: first.output },
          { role: 'user', content: repairTask(plan.problems) },
        ],
      },
    });
    spent += repaired.costUsd;
    answer = repaired;
    plan = planToWorkflow(repaired.output, planOptions);
  }
  if (!plan.ok)
    throw new WorkflowError(
      'workflow.invalid_plan',
      `the ${pmName} agent's plan failed its schema twice: ${plan.problems.slice(0, 3).join('; ')}`,
      {
        hint: 'rephrase the goal more concretely, or raise --max-delegations if it needs more steps',
        exitCode: 2,
      },
    );
  const prepared = await recordRun(engine, {
    file: '(run --pm)',
    compiled: plan.workflow,
    inputs: {},
    provider,
    model: input.model,
  });
  const { id } = prepared.run;
  // The plan is the run's first step, done and paid for.
  await store.startStep(id, PLAN_STEP);
  await store.completeIteration(
    id,
    PLAN_STEP,
    1,
    {
      agent: pmName,
      model: answer.model,
      output: answer.output,
      usage: answer.usage,
      costUsd: spent,
      attempts: answer.attempts,
      waitedMs: answer.waitedMs,
      cached: answer.cached,
      durationMs: answer.durationMs,
    },
    true,
  );
  return { ...prepared, run: (await store.run(id)) ?? prepared.run, delegations: plan.steps };
}

/** Marks a planned run that was not confirmed as cancelled: it can still be resumed. */
export async function declinePlan(engine: Engine, runId: string): Promise<void> {
  await checkpoints(engine).setRunStatus(runId, 'cancelled', 'the plan was not confirmed');
}
