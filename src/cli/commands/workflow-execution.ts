import type { Engine, PreparedRun } from '../../engine/index.js';
import { checkpoints, executeWorkflowRun } from '../../engine/engine.bundle.js';
import { HybridError } from '../../errors.js';
import type { RunRecord, StepEvent, StepRecord } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { retryLine } from './retry-line.js';
import { escalationLine, escalationShown } from './run-status-line.js';
import { renderSteps, runJson, viewOf } from './workflow-view.js';
import type { StepView } from './workflow-view.js';

export interface ExecutionOptions {
  readonly context: CliContext;
  readonly engine: Engine;
  readonly prepared: PreparedRun;
  readonly providerFlag: string | undefined;
  readonly noCache: boolean;
}

/** Redraws of the live step tree per second on a terminal. */
const FRAMES_PER_SECOND = 10;

/**
 * Runs (or resumes) a recorded workflow run to its end, with the live step tree on a terminal
 * and a line per step otherwise. Ctrl-C and `workflow cancel` (SIGTERM) stop it cleanly: calls
 * in flight are aborted, their steps go back to pending, and the run can be resumed.
 */
export async function executeRun(options: ExecutionOptions): Promise<number> {
  const { context, engine } = options;
  const { run, compiled } = options.prepared;
  const store = checkpoints(engine);
  const views = new Map(
    (await store.steps(run.id)).map((record) => [record.stepId, viewOf(record)]),
  );
  const quiet = context.json || context.verbosity === 'quiet';
  // In-place redraws only on a terminal; piped stderr gets a plain line per step instead.
  const live = !quiet && context.io.stderr.isTTY === true;
  const view = (id: string): StepView => {
    let found = views.get(id);
    if (found === undefined) {
      found = viewOf(undefined);
      views.set(id, found);
    }
    return found;
  };
  const stepIndex = new Map(compiled.definition.steps.map((step, index) => [step.id, index]));
  let frame = 0;
  let drawn = 0;
  const draw = (): void => {
    const lines = renderSteps(compiled.definition, views, context.colors, performance.now(), frame);
    frame += 1;
    context.io.stderr.write(
      `${drawn > 0 ? context.colors.control(`[${drawn}A`) : ''}${lines.map((line) => `${context.colors.control('[2K')}${line}`).join('\n')}\n`,
    );
    drawn = lines.length;
  };
  const onEvent = (event: StepEvent): void => {
    const step = view(event.stepId);
    switch (event.type) {
      case 'step.started':
        step.status = 'running';
        step.startedAt = performance.now();
        step.note = event.iteration > 1 ? `iteration ${event.iteration}` : undefined;
        break;
      case 'step.completed': {
        const { result } = event;
        step.status = event.done ? 'succeeded' : 'running';
        step.agent = result.agent;
        step.model = result.model;
        step.iterations = event.iteration;
        step.tokens += result.usage.inputTokens + result.usage.outputTokens;
        step.costUsd += result.costUsd;
        step.durationMs += result.durationMs;
        step.startedAt = undefined;
        step.note =
          result.escalation !== undefined && result.escalation !== null
            ? escalationLine(escalationShown(result.escalation))
            : result.cached
              ? 'cached'
              : undefined;
        break;
      }
      case 'step.escalated':
        step.note = escalationLine(escalationShown(event.escalation));
        break;
      case 'step.failed':
        step.status = 'failed';
        step.note = event.error;
        break;
      case 'step.skipped':
      case 'step.blocked':
        step.status = event.type === 'step.skipped' ? 'skipped' : 'blocked';
        step.note = event.reason;
        break;
    }
    if (live) draw();
    else if (quiet) return;
    // Piped: a plain line when a step starts, so a long step is not silence.
    else if (event.type === 'step.started')
      context.io.stderr.write(
        `${context.colors.dim(`${event.stepId}: started${event.iteration > 1 ? ` (iteration ${event.iteration})` : ''}`)}\n`,
      );
    else
      context.io.stderr.write(
        `${renderSteps(compiled.definition, views, context.colors, performance.now())[stepIndex.get(event.stepId) ?? 0] ?? ''}\n`,
      );
  };
  const controller = new AbortController();
  const stop = (signal: string): void => {
    controller.abort(
      new HybridError('workflow.cancelled', `the run was stopped (${signal})`, {
        exitCode: 2,
        hint: `resume it with: claude-hybrid workflow resume ${run.id}`,
      }),
    );
  };
  const onInterrupt = (): void => {
    stop('Ctrl-C');
  };
  const onTerminate = (): void => {
    stop('workflow cancel');
  };
  // Retries and waits come through the engine's events, as run.retrying with the step's id.
  const stopRetries = engine.runtime.bus.on('run.retrying', (event) => {
    const { stepId } = event.payload;
    if (event.run !== run.id || stepId === null || quiet) return;
    const line = retryLine(event.payload, context.verbosity);
    if (line === undefined) return;
    if (live) view(stepId).note = line;
    else context.io.stderr.write(`${context.colors.yellow(`${stepId}: ${line}`)}\n`);
  });
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  const timer = live ? setInterval(draw, 1000 / FRAMES_PER_SECOND) : undefined;
  timer?.unref();
  if (live) draw();
  try {
    const outcome = await executeWorkflowRun(engine, options.prepared, {
      provider: options.providerFlag,
      cache: !options.noCache,
      signal: controller.signal,
      onStep: onEvent,
    });
    if (live) draw();
    const finished = (await store.run(run.id)) ?? run;
    printOutcome(context, finished, await store.steps(run.id), outcome);
    return outcomeExitCode(outcome.status);
  } finally {
    stopRetries();
    if (timer !== undefined) clearInterval(timer);
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onTerminate);
  }
}

/** A finished run's exit code: 0 succeeded, 2 cancelled (resumable), 1 otherwise. */
export function outcomeExitCode(status: string): number {
  return status === 'succeeded' ? 0 : status === 'cancelled' ? 2 : 1;
}

/**
 * A finished run, as `workflow run` ends: the JSON document, or the outputs of the steps no
 * other step needs, and a line with the status and spend (and how to resume it).
 */
export function printOutcome(
  context: CliContext,
  run: RunRecord,
  steps: readonly StepRecord[],
  outcome: {
    readonly status: string;
    readonly spentUsd: number;
    readonly error?: string | undefined;
  },
): void {
  if (context.json) {
    context.writeJson(runJson(run, steps, run.status));
    return;
  }
  const needed = new Set(run.definition.steps.flatMap((step) => step.needs));
  const quiet = context.verbosity === 'quiet' && outcome.status === 'succeeded';
  for (const step of steps)
    if (!needed.has(step.stepId) && step.status === 'succeeded' && step.output !== undefined) {
      context.out(context.colors.bold(`── ${step.stepId}`));
      context.payload(`${step.output}\n`);
    }
  if (quiet) return;
  context.io.stderr.write(
    `${context.colors.dim(`workflow ${run.name} · run ${run.id} · ${outcome.status} · $${outcome.spentUsd.toFixed(4)}`)}${outcome.error === undefined ? '' : `\n${context.colors.yellow(outcome.error)}`}\n`,
  );
  if (outcome.status !== 'succeeded')
    context.io.stderr.write(
      `${context.colors.dim(`resume with: claude-hybrid workflow resume ${run.id}`)}\n`,
    );
}
