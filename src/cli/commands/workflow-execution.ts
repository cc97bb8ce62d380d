import { join } from 'node:path';
import type { LoadedConfig } from '../../config/index.js';
import { chooseProvider, createProvider } from '../../engine/index.js';
import type { ProviderName } from '../../engine/index.js';
import { HybridError } from '../../errors.js';
import { callMetrics } from '../../events/index.js';
import type { Provider } from '../../llm/index.js';
import type { Runtime } from '../../runtime.js';
import { CheckpointStore, runWorkflow } from '../../workflow/index.js';
import type { CompiledWorkflow, RunRecord, StepEvent } from '../../workflow/index.js';
import type { CliContext } from '../command.js';
import { clientFor } from './agent-call.js';
import { agentMemory } from './agent-memory.js';
import { openResponseCache } from './response-cache-file.js';
import { engineExecutor } from './workflow-executor.js';
import { renderSteps, runJson, viewOf } from './workflow-view.js';
import type { StepView } from './workflow-view.js';
import { loadModelTable } from '../../models/index.js';

export interface ExecutionOptions {
  readonly context: CliContext;
  readonly runtime: Runtime;
  readonly loaded: LoadedConfig;
  readonly run: RunRecord;
  readonly compiled: CompiledWorkflow;
  readonly providerFlag: string | undefined;
  readonly noCache: boolean;
}

/** Redraws of the live step tree per second on a terminal. */
const FRAMES_PER_SECOND = 10;

/** The provider a run uses: the flag, else what it started with, else the usual choice. */
export function runProvider(
  context: CliContext,
  loaded: LoadedConfig,
  flag: string | undefined,
  started: string | undefined,
): ProviderName {
  const { config } = loaded;
  return chooseProvider({
    flag: flag ?? started,
    configured: config.engine.provider === 'auto' ? undefined : config.engine.provider,
    env: context.io.env,
  }).name;
}

/**
 * Runs (or resumes) a recorded workflow run to its end, with the live step tree on a terminal
 * and a line per step otherwise. Ctrl-C and `workflow cancel` (SIGTERM) stop it cleanly: calls
 * in flight are aborted, their steps go back to pending, and the run can be resumed.
 */
export async function executeRun(options: ExecutionOptions): Promise<number> {
  const { context, runtime, loaded, run, compiled } = options;
  const { config } = loaded;
  const providerName = runProvider(context, loaded, options.providerFlag, run.options.provider);
  const table = loadModelTable(config.models.table, loaded.projectRoot);
  const snapshot = runtime.registry.load();
  const providers = new Map<string, Provider>();
  const providerFor = (tools: readonly string[]): Provider => {
    const key = tools.join(',');
    let provider = providers.get(key);
    if (provider === undefined) {
      provider = createProvider(providerName, {
        env: context.io.env,
        cwd: loaded.projectRoot,
        openaiBaseUrl: config.engine.openaiBaseUrl,
        tools,
      });
      providers.set(key, provider);
    }
    return provider;
  };
  const cache =
    config.cache.enabled && !options.noCache
      ? openResponseCache(loaded.hybridHome, config.cache)
      : undefined;
  const executor = engineExecutor({
    agents: snapshot.agents,
    routing: {
      defaultAgent: config.routing.defaultAgent,
      threshold: config.routing.threshold,
      generalist: config.routing.generalist,
      fingerprint: snapshot.fingerprint,
      cacheDir: config.agents.cache ? join(loaded.hybridHome, 'cache', 'routing') : undefined,
    },
    config,
    table,
    providerName,
    providerFor,
    client: clientFor(providerName, context.io.env, config),
    cache,
    modelFlag: run.options.model,
    memory: agentMemory(runtime, loaded),
  });
  const store = new CheckpointStore(runtime.store.db);
  // Every event of the run carries its id, so `events list --run ID` finds them.
  const meta = { run: run.id };
  const views = new Map(store.steps(run.id).map((record) => [record.stepId, viewOf(record)]));
  const live = !context.json && context.io.stderr.isTTY === true;
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
      `${drawn > 0 ? `\u001b[${drawn}A` : ''}${lines.map((line) => `\u001b[2K${line}`).join('\n')}\n`,
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
        step.note = result.cached ? 'cached' : undefined;
        if (loaded.initialized)
          runtime.bus.emit(
            'step.completed',
            {
              runId: run.id,
              stepId: event.stepId,
              iteration: event.iteration,
              agent: result.agent,
              model: result.model,
              ...callMetrics(result),
              cached: result.cached,
            },
            meta,
          );
        break;
      }
      case 'step.failed':
        step.status = 'failed';
        step.note = event.error;
        runtime.bus.emit(
          'step.failed',
          {
            runId: run.id,
            stepId: event.stepId,
            error: event.error,
          },
          meta,
        );
        break;
      case 'step.skipped':
      case 'step.blocked':
        step.status = event.type === 'step.skipped' ? 'skipped' : 'blocked';
        step.note = event.reason;
        break;
    }
    if (live) draw();
    else if (!context.json && event.type !== 'step.started')
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
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  runtime.bus.emit(
    'workflow.started',
    {
      runId: run.id,
      name: run.name,
      steps: compiled.definition.steps.length,
    },
    meta,
  );
  const timer = live ? setInterval(draw, 1000 / FRAMES_PER_SECOND) : undefined;
  timer?.unref();
  if (live) draw();
  try {
    const outcome = await runWorkflow({
      workflow: compiled,
      runId: run.id,
      inputs: run.inputs,
      store,
      executor,
      signal: controller.signal,
      onEvent,
    });
    runtime.bus.emit(
      'workflow.completed',
      {
        runId: run.id,
        name: run.name,
        status: outcome.status,
        spentUsd: outcome.spentUsd,
        error: outcome.error ?? null,
      },
      meta,
    );
    if (live) draw();
    const finished = store.run(run.id) ?? run;
    const steps = store.steps(run.id);
    if (context.json) context.writeJson(runJson(finished, steps, finished.status));
    else {
      const needed = new Set(compiled.definition.steps.flatMap((step) => step.needs));
      for (const step of steps)
        if (!needed.has(step.stepId) && step.status === 'succeeded' && step.output !== undefined)
          context.out(`${context.colors.bold(`── ${step.stepId}`)}\n${step.output}\n`);
      context.io.stderr.write(
        `${context.colors.dim(`workflow ${run.name} · run ${run.id} · ${outcome.status} · $${outcome.spentUsd.toFixed(4)}`)}${outcome.error === undefined ? '' : `\n${context.colors.yellow(outcome.error)}`}\n`,
      );
      if (outcome.status !== 'succeeded')
        context.io.stderr.write(
          `${context.colors.dim(`resume with: claude-hybrid workflow resume ${run.id}`)}\n`,
        );
    }
    return outcome.status === 'succeeded' ? 0 : outcome.status === 'cancelled' ? 2 : 1;
  } finally {
    if (timer !== undefined) clearInterval(timer);
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onTerminate);
    cache?.close();
  }
}
