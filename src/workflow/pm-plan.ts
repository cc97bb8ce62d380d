/**
 * PM delegation: the `pm` agent writes a plan as JSON, which is checked against a schema and
 * turned into a workflow (a DAG of agent steps, each handed the outputs of the steps it needs,
 * then a verification step against the goal). The plan's size is capped, so a PM cannot fan a
 * goal out into dozens of paid delegations.
 */
import { WORKFLOW_FORMAT_VERSION, plainStep } from './definition.js';
import type { StepDefinition, WorkflowDefinition } from './definition.js';
import { validateWorkflow } from './validate-workflow.js';
import type { CompiledWorkflow } from './validate-workflow.js';

/** Delegations a PM plan may make unless told otherwise (`run --pm --max-delegations`). */
export const DEFAULT_MAX_DELEGATIONS = 7;
/** The verification step's id. */
export const VERIFY_STEP = 'verify';
/** The planning step's id: recorded as done before the delegated steps run. */
export const PLAN_STEP = 'plan';
const RESERVED = new Set([VERIFY_STEP, PLAN_STEP]);

const ID = /^[a-z][a-z0-9-]*$/;

export interface PlanAgent {
  readonly name: string;
  readonly description: string;
}

/** What the PM is asked: the goal, whom it can delegate to, and the exact JSON shape. */
export function planningTask(goal: string, agents: readonly PlanAgent[], maxSteps: number): string {
  return [
    'Break this goal into delegated steps for the specialist agents listed below, then reply with',
    'only a JSON object (no prose, no code fence) of this shape:',
    '{"steps": [{"id": "kebab-case-id", "agent": "agent-name", "task": "what this agent must do", "needs": ["ids of steps whose results it needs"]}]}',
    `Rules: at most ${maxSteps} steps; as few as the goal really needs; each task stands on its own`,
    'and says what to deliver; "needs" only names earlier steps; steps without needs run in parallel.',
    'Do not add a final check: one is added for you.',
    '',
    'Agents:',
    ...agents.map((agent) => `- ${agent.name}: ${agent.description}`),
    '',
    `Goal: ${goal}`,
  ].join('\n');
}

/** What the PM is told when its plan is invalid: every problem, then the same demand. */
export function repairTask(problems: readonly string[]): string {
  return [
    'That plan is not valid:',
    ...problems.map((problem) => `- ${problem}`),
    'Reply again with only the corrected JSON object.',
  ].join('\n');
}

export type PlanResult =
  | { readonly ok: true; readonly workflow: CompiledWorkflow; readonly steps: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks the PM's answer and builds the workflow: JSON (a fenced block is accepted), the shape,
 * the step cap, ids, agents, needs and cycles. Every problem is listed, for the repair prompt.
 */
export function planToWorkflow(
  answer: string,
  options: {
    readonly goal: string;
    readonly agents: readonly string[];
    readonly maxSteps: number;
    /** The PM agent: it planned, and it verifies. */
    readonly verifier: string;
    /** The planning task, recorded as the plan step's. */
    readonly planningTask: string;
    readonly maxCostUsd: number | undefined;
  },
): PlanResult {
  const problems: string[] = [];
  const json = extractJson(answer);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`it is not JSON (${(error as Error).message})`] };
  }
  const steps = (value as { steps?: unknown } | null)?.steps;
  if (typeof value !== 'object' || value === null || !Array.isArray(steps) || steps.length === 0)
    return { ok: false, problems: ['it needs a non-empty "steps" array'] };
  if (steps.length > options.maxSteps)
    problems.push(`it has ${steps.length} steps; the limit is ${options.maxSteps}`);
  const definitions: StepDefinition[] = [];
  const ids = new Set<string>();
  steps.forEach((raw: unknown, index) => {
    const step = raw as { id?: unknown; agent?: unknown; task?: unknown; needs?: unknown } | null;
    const where = `step ${index + 1}`;
    if (typeof step !== 'object' || step === null) {
      problems.push(`${where} is not an object`);
      return;
    }
    const id = typeof step.id === 'string' ? step.id : '';
    if (!ID.test(id) || RESERVED.has(id))
      problems.push(
        `${where}: id ${JSON.stringify(step.id)} must be kebab-case, and not "${PLAN_STEP}" or "${VERIFY_STEP}"`,
      );
    else if (ids.has(id)) problems.push(`${where}: id "${id}" is used twice`);
    ids.add(id);
    if (typeof step.agent !== 'string' || !options.agents.includes(step.agent))
      problems.push(
        `${where}: agent ${JSON.stringify(step.agent)} is not one of the listed agents`,
      );
    if (typeof step.task !== 'string' || step.task.trim() === '')
      problems.push(`${where}: task must be a non-empty string`);
    const needs = step.needs ?? [];
    if (!Array.isArray(needs) || !needs.every((need): need is string => typeof need === 'string'))
      problems.push(`${where}: needs must be a list of step ids`);
    definitions.push(
      delegatedStep(
        id,
        typeof step.agent === 'string' ? step.agent : '',
        typeof step.task === 'string' ? step.task : '',
        Array.isArray(needs) && needs.length > 0
          ? needs.filter((need): need is string => typeof need === 'string')
          : [PLAN_STEP],
      ),
    );
  });
  if (problems.length > 0) return { ok: false, problems };
  definitions.unshift(delegatedStep(PLAN_STEP, options.verifier, options.planningTask, []));
  const needed = new Set(definitions.flatMap((step) => step.needs));
  const leaves = definitions.filter((step) => !needed.has(step.id)).map((step) => step.id);
  definitions.push(
    delegatedStep(
      VERIFY_STEP,
      options.verifier,
      `Check the results below against the goal. Start your answer with VERIFIED when the goal is met; otherwise start with GAPS and list what is missing.\nGoal: ${escapeTemplate(options.goal)}`,
      leaves,
    ),
  );
  const definition: WorkflowDefinition = {
    version: WORKFLOW_FORMAT_VERSION,
    name: 'pm-plan',
    description: options.goal.slice(0, 200),
    inputs: {},
    maxCostUsd: options.maxCostUsd,
    maxConcurrency: 4,
    steps: definitions,
  };
  const { compiled, issues } = validateWorkflow(definition, { agents: options.agents });
  if (compiled === undefined) return { ok: false, problems: issues.map((issue) => issue.message) };
  return { ok: true, workflow: compiled, steps: definitions.length - 2 };
}

/** A plan step: its task, then the results of the steps it needs, each within a budget. */
function delegatedStep(
  id: string,
  agent: string,
  task: string,
  needs: readonly string[],
): StepDefinition {
  // The plan's own output (the JSON) is not handed on: each task already says what to do.
  const handed = needs
    .filter((need) => need !== PLAN_STEP)
    .map((need) => `\n\nResult of ${need}:\n{{steps.${need}.output}}`)
    .join('');
  return plainStep(id, agent, `${escapeTemplate(task)}${handed}`, needs);
}

/** Text from the model is never a template: `{{` in it is broken up. */
function escapeTemplate(text: string): string {
  return text.replaceAll('{{', '{ {').replaceAll('}}', '} }');
}

/** The JSON object in an answer: the whole answer, a fenced block, or the outermost braces. */
function extractJson(answer: string): string {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(answer)?.[1];
  if (fenced !== undefined) return fenced.trim();
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  return start >= 0 && end > start ? answer.slice(start, end + 1) : answer.trim();
}
