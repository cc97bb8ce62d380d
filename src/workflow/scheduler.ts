import { BudgetError, WorkflowError, isHybridError } from '../errors.js';
import type { RunEscalation } from '../models/index.js';
import type { CheckpointRepository } from './checkpoint-repository.js';
import type { IterationResult, RunStatus, StepStatus } from './checkpoint-store.js';
import type { StepDefinition } from './definition.js';
import { evaluateExpression, truthy } from './expressions.js';
import type { Expression, Value } from './expressions.js';
import { cutToBudget, estimateTokens, handoffBudget } from './handoff.js';
import { renderTemplate } from './templates.js';
import type { CompiledStep, CompiledWorkflow } from './validate-workflow.js';

/** Runs one iteration of a step: the model call. */
export interface StepExecutor {
  /** Upper bound of one iteration's cost in USD, before calling (0 when it is free). */
  estimate(step: StepDefinition, task: string): number;
  /** Runs iteration `iteration` (1-based) of the step: with the run id, its idempotency key. */
  execute(
    step: StepDefinition,
    task: string,
    signal: AbortSignal,
    iteration: number,
  ): Promise<IterationResult>;
  /** The context window (tokens) of the model the step will use: handoffs stay inside it. */
  contextWindow(step: StepDefinition): number;
  /** Condenses an earlier output to about `maxTokens` with a cheap-tier call. */
  summarize?(
    text: string,
    maxTokens: number,
    signal: AbortSignal,
  ): Promise<{ text: string; costUsd: number }>;
}

export type StepEvent =
  | { readonly type: 'step.started'; readonly stepId: string; readonly iteration: number }
  | {
      readonly type: 'step.completed';
      readonly stepId: string;
      readonly iteration: number;
      readonly result: IterationResult;
      readonly done: boolean;
    }
  | {
      /** The iteration's first answer failed a check and the step escalates (or could not). */
      readonly type: 'step.escalated';
      readonly stepId: string;
      readonly iteration: number;
      readonly agent: string;
      readonly escalation: RunEscalation;
    }
  | { readonly type: 'step.skipped'; readonly stepId: string; readonly reason: string }
  | { readonly type: 'step.blocked'; readonly stepId: string; readonly reason: string }
  | { readonly type: 'step.failed'; readonly stepId: string; readonly error: string };

export interface SchedulerOptions {
  readonly workflow: CompiledWorkflow;
  readonly runId: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly store: CheckpointRepository;
  readonly executor: StepExecutor;
  /** Aborting cancels the run: calls in flight stop, their steps go back to pending. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: StepEvent) => void;
}

export interface RunOutcome {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly spentUsd: number;
  /** Why the run did not succeed. */
  readonly error: string | undefined;
}

interface StepState {
  readonly compiled: CompiledStep;
  status: StepStatus;
  iterations: number;
  output: string;
  costUsd: number;
}

/** A promise and the function that resolves it. */
function releaseSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const TERMINAL: ReadonlySet<StepStatus> = new Set(['succeeded', 'skipped', 'failed', 'blocked']);

/**
 * Runs a workflow's DAG from its checkpoints: steps whose needs are done start, up to
 * `maxConcurrency` at once; a failed step blocks only the steps that need it, and independent
 * branches go on. Steps already succeeded or skipped (a resumed run) are never run again. Every
 * transition is written to the checkpoint store before the next step can see it.
 */
export async function runWorkflow(options: SchedulerOptions): Promise<RunOutcome> {
  const { workflow, runId, store, executor } = options;
  const definition = workflow.definition;
  const records = new Map((await store.steps(runId)).map((record) => [record.stepId, record]));
  const states = new Map<string, StepState>();
  for (const compiled of workflow.steps) {
    const record = records.get(compiled.definition.id);
    states.set(compiled.definition.id, {
      compiled,
      status: record?.status ?? 'pending',
      iterations: record?.iterations ?? 0,
      output: record?.output ?? '',
      costUsd: record?.costUsd ?? 0,
    });
  }
  let spent = (await store.run(runId))?.spentUsd ?? 0;
  let reserved = 0;
  let budgetProblem: string | undefined;
  const running = new Map<string, Promise<void>>();
  const controller = new AbortController();
  const cancel = (): void => {
    controller.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', cancel, { once: true });

  /**
   * What a reference reads. `repeat.iteration` is the iteration about to run when a task is
   * rendered, and the one just finished when `until` is checked (`finished`).
   */
  const valueOf = (
    state: StepState | undefined,
    path: readonly string[],
    finished = false,
  ): Value => {
    const [namespace, name, field] = path;
    if (namespace === 'inputs') return options.inputs[name ?? ''] ?? '';
    if (namespace === 'repeat' && state !== undefined)
      return name === 'iteration' ? state.iterations + (finished ? 0 : 1) : state.output;
    const other = states.get(name ?? '');
    if (other === undefined) return '';
    if (field === 'output') return other.output;
    if (field === 'status') return other.status;
    if (field === 'cost') return other.costUsd;
    return other.iterations;
  };
  const holds = (expression: Expression, state: StepState, finished = false): boolean =>
    truthy(evaluateExpression(expression, (path) => valueOf(state, path, finished)));
  /** Resolves when a step gives back its budget reservation; replaced each time. */
  let released = releaseSignal();

  /**
   * Summaries made this run, by budget and text: a loop's later iterations, and sibling steps
   * quoting the same output, reuse the first instead of paying for another (only it is billed).
   */
  const summaries = new Map<string, Promise<{ text: string; costUsd: number }>>();
  const summarizeOnce = (
    summarizer: NonNullable<StepExecutor['summarize']>,
    value: string,
    budget: number,
    signal: AbortSignal,
  ): Promise<{ text: string; costUsd: number }> => {
    const key = `${budget}\u0000${value}`;
    const made = summaries.get(key);
    if (made !== undefined) return made.then(({ text }) => ({ text, costUsd: 0 }));
    const making = summarizer(value, budget, signal).catch((error: unknown) => {
      summaries.delete(key); // a failed summary is tried again next time
      throw error;
    });
    summaries.set(key, making);
    return making;
  };

  const renderTask = async (
    state: StepState,
    signal: AbortSignal,
  ): Promise<{ task: string; extraCostUsd: number }> => {
    const step = state.compiled.definition;
    const quoted = state.compiled.task.filter(
      (part) => part.kind === 'ref' && part.path[2] === 'output',
    ).length;
    const budget = handoffBudget(step.handoff.maxTokens, executor.contextWindow(step), quoted);
    let extraCostUsd = 0;
    const task = await renderTemplate(state.compiled.task, async (path) => {
      const value = String(valueOf(state, path));
      if (path[0] !== 'steps' || path[2] !== 'output' || estimateTokens(value) <= budget)
        return value;
      if (step.handoff.summarize && executor.summarize !== undefined) {
        const summarizer = executor.summarize.bind(executor);
        const summary = await summarizeOnce(summarizer, value, budget, signal);
        extraCostUsd += summary.costUsd;
        return cutToBudget(summary.text, budget, path.join('.'));
      }
      return cutToBudget(value, budget, path.join('.'));
    });
    return { task, extraCostUsd };
  };

  /** Runs a step's remaining iterations. Resolves when it is done, failed or stopped. */
  const execute = async (state: StepState): Promise<void> => {
    const step = state.compiled.definition;
    const max = step.repeat?.max ?? 1;
    try {
      if (!(await store.startStep(runId, step.id))) {
        // Another process finished it meanwhile: adopt its record rather than run it twice.
        const record = await store.step(runId, step.id);
        state.status = record?.status ?? 'succeeded';
        state.iterations = record?.iterations ?? state.iterations;
        state.output = record?.output ?? state.output;
        state.costUsd = record?.costUsd ?? state.costUsd;
        return;
      }
      state.status = 'running';
      for (;;) {
        // A resumed loop may already be done: its last recorded iteration met `until`.
        if (
          state.iterations >= max ||
          (state.iterations > 0 &&
            state.compiled.until !== undefined &&
            holds(state.compiled.until, state, true))
        ) {
          await store.finishStep(runId, step.id, 'succeeded');
          state.status = 'succeeded';
          return;
        }
        const iteration = state.iterations + 1;
        const { task, extraCostUsd } = await renderTask(state, controller.signal);
        if (extraCostUsd > 0) {
          // Summaries are paid whatever happens to the step next: count them now.
          state.costUsd += extraCostUsd;
          spent += extraCostUsd;
          await store.addStepCost(runId, step.id, extraCostUsd);
        }
        const estimate = executor.estimate(step, task);
        if (step.maxCostUsd !== undefined && estimate > step.maxCostUsd)
          throw new BudgetError(
            'budget.step_exceeded',
            `step "${step.id}" is estimated at up to $${estimate.toFixed(4)}, over its maxCostUsd $${step.maxCostUsd}`,
            { exitCode: 2 },
          );
        while (
          definition.maxCostUsd !== undefined &&
          spent + reserved + estimate > definition.maxCostUsd
        ) {
          // Calls in flight reserve their upper bounds; once one finishes, this may fit. With
          // nothing reserved, nothing can free budget: stop (never wait on each other).
          if (reserved <= 0 || budgetProblem !== undefined) {
            budgetProblem ??= `spent $${spent.toFixed(4)} of maxCostUsd $${definition.maxCostUsd}; $${Math.max(0, definition.maxCostUsd - spent).toFixed(4)} remained, and step "${step.id}" is estimated at up to $${estimate.toFixed(4)}`;
            state.status = 'pending';
            await store.finishStep(runId, step.id, 'pending');
            return;
          }
          await released.promise;
        }
        reserved += estimate;
        options.onEvent?.({ type: 'step.started', stepId: step.id, iteration });
        let result: IterationResult;
        try {
          controller.signal.throwIfAborted();
          result = await executor.execute(step, task, controller.signal, iteration);
        } finally {
          reserved -= estimate;
          released.resolve();
          released = releaseSignal();
        }
        if (result.escalation !== undefined && result.escalation !== null)
          options.onEvent?.({
            type: 'step.escalated',
            stepId: step.id,
            iteration,
            agent: result.agent,
            escalation: result.escalation,
          });
        if (result.outputProblem !== undefined) {
          // Paid for, though the step fails: the spend counts whatever the answer was.
          state.costUsd += result.costUsd;
          spent += result.costUsd;
          await store.addStepCost(runId, step.id, result.costUsd);
          throw new WorkflowError(
            'workflow.output_invalid',
            `step "${step.id}": ${result.model}'s output does not match its output.schema: ${result.outputProblem}${escalationNote(result)}`,
            {
              hint: `make the task ask for JSON matching the schema${step.escalate === true ? '' : ', or add escalate: true to retry on the next tier'}`,
            },
          );
        }
        const costed = result;
        state.iterations = iteration;
        state.output = costed.output;
        state.costUsd += costed.costUsd;
        const done =
          iteration >= max ||
          state.compiled.until === undefined ||
          holds(state.compiled.until, state, true);
        // Counted before the write is awaited: a step deciding on budget meanwhile sees it.
        spent += costed.costUsd;
        await store.completeIteration(runId, step.id, iteration, costed, done);
        options.onEvent?.({
          type: 'step.completed',
          stepId: step.id,
          iteration,
          result: costed,
          done,
        });
        if (definition.maxCostUsd !== undefined && spent > definition.maxCostUsd)
          budgetProblem ??= `spent $${spent.toFixed(4)}, over maxCostUsd $${definition.maxCostUsd}`;
        if (done) {
          state.status = 'succeeded';
          return;
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        state.status = 'pending';
        await store.finishStep(runId, step.id, 'pending');
        return;
      }
      const message = isHybridError(error)
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
      state.status = 'failed';
      await store.finishStep(runId, step.id, 'failed', message);
      options.onEvent?.({ type: 'step.failed', stepId: step.id, error: message });
    }
  };

  try {
    for (;;) {
      let launched = false;
      for (const state of states.values()) {
        if (state.status !== 'pending') continue;
        const step = state.compiled.definition;
        const needs = step.needs.map((need) => states.get(need));
        if (needs.some((need) => need !== undefined && !TERMINAL.has(need.status))) continue;
        const broken = needs.find(
          (need) => need?.status === 'failed' || need?.status === 'blocked',
        );
        if (broken !== undefined) {
          const reason = `needs "${broken.compiled.definition.id}", which ${broken.status === 'failed' ? 'failed' : 'was blocked'}`;
          state.status = 'blocked';
          await store.finishStep(runId, step.id, 'blocked', reason);
          options.onEvent?.({ type: 'step.blocked', stepId: step.id, reason });
          launched = true;
          continue;
        }
        if (state.compiled.when !== undefined && !holds(state.compiled.when, state)) {
          state.status = 'skipped';
          await store.finishStep(runId, step.id, 'skipped', `when: ${step.when ?? ''}`);
          options.onEvent?.({
            type: 'step.skipped',
            stepId: step.id,
            reason: `when is false: ${step.when ?? ''}`,
          });
          launched = true;
          continue;
        }
        if (budgetProblem !== undefined || controller.signal.aborted) continue;
        if (running.size >= definition.maxConcurrency) break;
        state.status = 'running';
        running.set(
          step.id,
          execute(state).finally(() => running.delete(step.id)),
        );
        launched = true;
      }
      if (running.size === 0 && !launched) break;
      if (running.size > 0 && !launched) await Promise.race(running.values());
    }
  } catch (error) {
    // A failure of ours (the store): stop the calls in flight and let them settle before the
    // caller closes anything under them.
    controller.abort(error);
    await Promise.allSettled(running.values());
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  const all = [...states.values()];
  const failed = all.filter((state) => state.status === 'failed' || state.status === 'blocked');
  const outcome: RunOutcome = controller.signal.aborted
    ? { status: 'cancelled', spentUsd: spent, error: 'cancelled; resume it to go on' }
    : failed.length > 0
      ? {
          status: 'failed',
          spentUsd: spent,
          error: failed
            .map((state) => `${state.compiled.definition.id} ${state.status}`)
            .join(', '),
        }
      : budgetProblem !== undefined
        ? { status: 'budget_exceeded', spentUsd: spent, error: budgetProblem }
        : all.some((state) => state.status === 'pending')
          ? { status: 'failed', spentUsd: spent, error: 'some steps could not start' }
          : { status: 'succeeded', spentUsd: spent, error: undefined };
  await store.setRunStatus(runId, outcome.status, outcome.error);
  return outcome;
}

/** How an invalid output came about, when the step escalated: the first model's problem too. */
function escalationNote(result: IterationResult): string {
  const { escalation } = result;
  if (escalation === undefined || escalation === null) return '';
  if (escalation.to === null) return ` (not escalated: ${escalation.skipped ?? 'no tier above'})`;
  return ` (escalated from ${escalation.from.model}: ${escalation.detail})`;
}
