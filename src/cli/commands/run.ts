import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderChoice, RunResult } from '../../engine/index.js';
import {
  TokenCounter,
  chooseProvider,
  createProvider,
  fitContext,
  runTask,
} from '../../engine/index.js';
import { BudgetError, ConfigError, HybridError, UsageError, isHybridError } from '../../errors.js';
import { callMetrics } from '../../events/index.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { LoadedConfig } from '../../config/index.js';
import type { Runtime } from '../../runtime.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';
import { DEFAULT_MAX_DELEGATIONS } from '../../workflow/pm-limits.js';
import { PROVIDER_OPTION, clientFor, planCall } from './agent-call.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { agentMemory } from './agent-memory.js';
import { pickAgent } from './pick-agent.js';
import { openResponseCache } from './response-cache-file.js';
import { ContextTracker, loadModelTable } from '../../models/index.js';

const MAX_STDIN_BYTES = 64 * 1024 * 1024;

export const runGroup: CommandGroup = {
  name: 'run',
  summary: 'Run one agent on a task and print its answer, tokens and cost.',
  subcommands: [
    {
      name: '',
      summary: 'Run one agent on a task and print its answer, tokens and cost.',
      usage:
        '"<task>" [--agent A] [--model M] [--provider P] [--stream] [--no-cache] [--max-cost USD] [--dry-run] [--json]',
      details:
        'Without --agent the task is routed (as `route` does). The model: --model, else config\n' +
        'models.agents.<name>, else the agent file, else the complexity tier. The provider: --provider,\n' +
        'else config engine.provider, else anthropic when ANTHROPIC_API_KEY is set, else claude-code\n' +
        '(Claude Code runs the agent) when claude is on PATH; openai (an\n' +
        'OpenAI-compatible server at engine.openaiBaseUrl, with --model NAME) and sim (offline,\n' +
        'simulated answers) only when asked for. Calls go through the resilient client: rate limits,\n' +
        'retries with backoff, per-attempt timeouts, a circuit breaker. Ctrl-C stops cleanly.\n' +
        'With --pm the task is a goal: the pm agent plans it as JSON steps for the other agents\n' +
        '(checked, one repair, at most --max-delegations), the plan is shown (and asked about with\n' +
        '--confirm), then it runs as a checkpointed workflow that ends with a check against the\n' +
        'goal; --max-cost is the budget of the whole run. See `workflow status` and `workflow resume`.',
      options: {
        agent: { type: 'string', value: 'A', description: 'Run this agent instead of routing' },
        model: { type: 'string', value: 'M', description: 'Model alias or id to use' },
        ...PROVIDER_OPTION,
        stream: {
          type: 'boolean',
          description: 'Stream the answer as it arrives (default on a TTY)',
        },
        'max-cost': {
          type: 'string',
          value: 'USD',
          description: "Refuse before calling when the estimate's upper bound exceeds USD",
        },
        'dry-run': {
          type: 'boolean',
          description: 'Print the plan and cost estimate; call nothing',
        },
        'no-cache': {
          type: 'boolean',
          description: 'Call the model even when the response cache has the answer',
        },
        pm: {
          type: 'boolean',
          description: 'Let the pm agent plan the goal into delegated steps and run them',
        },
        confirm: { type: 'boolean', description: 'With --pm: ask before running the plan' },
        'max-delegations': {
          type: 'string',
          value: 'N',
          description: `With --pm: the most steps a plan may delegate (default ${DEFAULT_MAX_DELEGATIONS})`,
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: {
        min: 1,
        max: Number.POSITIVE_INFINITY,
        name: 'the task (quote it, or pass - to read standard input)',
      },
      examples: [
        'claude-hybrid run "add a --json flag to the report command" --provider sim',
        'claude-hybrid run "review the auth middleware" --agent security --max-cost 0.50',
        'claude-hybrid run "explain the retry policy" --dry-run --json',
        'claude-hybrid run --pm "add SSO login with tests and docs" --confirm --max-cost 2',
      ],
      async run(context, values, positionals) {
        const task =
          positionals.length === 1 && positionals[0] === '-'
            ? readFileSync(0).subarray(0, MAX_STDIN_BYTES).toString('utf8')
            : positionals.join(' ');
        if (task.trim() === '')
          throw new UsageError(
            'the task is empty',
            'describe the task, e.g. claude-hybrid run "add tests"',
          );
        const maxCost = maxCostOf(stringValue(values, 'max-cost'));
        const pm = flag(values, 'pm');
        if (
          !pm &&
          (flag(values, 'confirm') || stringValue(values, 'max-delegations') !== undefined)
        )
          throw new UsageError(
            '--confirm and --max-delegations go with --pm',
            'add --pm, or drop them',
          );
        if (pm)
          for (const name of ['agent', 'dry-run', 'stream'])
            if (values[name] !== undefined && values[name] !== false)
              throw new UsageError(
                `--${name} does not go with --pm`,
                `drop --${name}; the pm agent picks the agents`,
              );
        const maxDelegations = pm ? delegationsOf(values) : 0;
        const { runtime, loaded } = await runtimeForAgents(context, values, agentFlagLayer(values));
        try {
          if (pm) {
            const { runPm } = await import('./run-pm.js');
            return await runPm(context, runtime, loaded, {
              goal: task,
              maxCostUsd: maxCost,
              maxDelegations,
              confirm: flag(values, 'confirm'),
              providerFlag: stringValue(values, 'provider'),
              modelFlag: stringValue(values, 'model'),
              noCache: flag(values, 'no-cache'),
            });
          }
          return await execute(context, values, task, maxCost, runtime, loaded);
        } finally {
          // Flushes the run's events to the store.
          runtime.close();
        }
      },
    },
  ],
};

async function execute(
  context: CliContext,
  values: ParsedValues,
  task: string,
  maxCost: number | undefined,
  runtime: Runtime,
  loaded: LoadedConfig,
): Promise<number> {
  const { config } = loaded;
  const snapshot = runtime.registry.load();
  const agent = pickAgent(snapshot.agents, stringValue(values, 'agent'), task, {
    defaultAgent: config.routing.defaultAgent,
    threshold: config.routing.threshold,
    generalist: config.routing.generalist,
    fingerprint: snapshot.fingerprint,
    cacheDir: config.agents.cache ? join(loaded.hybridHome, 'cache', 'routing') : undefined,
  });
  const table = loadModelTable(config.models.table, loaded.projectRoot);
  let provider: ProviderChoice | undefined;
  let providerProblem: string | undefined;
  try {
    provider = chooseProvider({
      flag: stringValue(values, 'provider'),
      configured: config.engine.provider === 'auto' ? undefined : config.engine.provider,
      env: context.io.env,
    });
  } catch (error) {
    if (!flag(values, 'dry-run')) throw error;
    providerProblem = isHybridError(error) ? error.message : String(error);
  }
  const memory = agentMemory(runtime, loaded);
  const recalled = memory?.recall(agent.entry.definition.name, task) ?? [];
  const {
    complexity,
    choice,
    modelInfo,
    request: assembled,
    inputTokens,
    estimate,
  } = planCall({
    agent: agent.entry.definition,
    task,
    modelFlag: stringValue(values, 'model'),
    config,
    table,
    provider: provider?.name,
    memory: recalled,
  });
  const providerInstance =
    provider === undefined || flag(values, 'dry-run')
      ? undefined
      : createProvider(provider.name, {
          env: context.io.env,
          cwd: loaded.projectRoot,
          openaiBaseUrl: config.engine.openaiBaseUrl,
          tools: agent.entry.definition.tools ?? [],
        });
  const counts =
    config.engine.remoteTokenCount && providerInstance?.countTokens !== undefined
      ? providerInstance
      : undefined;
  const fit = await fitContext(
    assembled,
    modelInfo.contextWindow,
    new TokenCounter(
      counts === undefined
        ? {}
        : {
            remote: (counted, signal) =>
              counts.countTokens?.(counted, signal) ??
              Promise.reject(new Error('no count endpoint')),
          },
    ),
    new ContextTracker(modelInfo.contextWindow),
  );
  const request = fit.request;
  for (const threshold of fit.crossed) {
    if (!context.json)
      context.io.stderr.write(
        `${context.colors.yellow(`warning: the prompt fills ${Math.round(threshold * 100)}% of ${choice.model}'s context window (${fit.promptTokens} of ${modelInfo.contextWindow} tokens)`)}\n`,
      );
    if (loaded.initialized)
      runtime.bus.emit('context.threshold', {
        agent: agent.entry.definition.name,
        model: choice.model,
        tokens: fit.promptTokens,
        window: modelInfo.contextWindow,
        threshold,
        method: fit.method,
      });
  }
  const plan = {
    agent: agent.entry.definition.name,
    routedBy: agent.via,
    model: choice.model,
    modelSource: choice.source,
    tier: choice.tier ?? null,
    provider: provider?.name ?? null,
    providerSource: provider?.source ?? null,
    complexity,
    estimatedInputTokens: inputTokens,
    promptTokens: fit.promptTokens,
    promptTokensMethod: fit.method,
    promptCached: request.system[0]?.cache === true,
    recalledMemories: recalled.length,
    estimatedCostUsd: estimate.usd,
  };
  if (maxCost !== undefined && estimate.usd.high > maxCost && provider?.name !== 'sim') {
    throw new BudgetError(
      'budget.exceeded',
      `the estimate (up to $${estimate.usd.high.toFixed(4)}) is over --max-cost $${maxCost}`,
      { exitCode: 2, hint: 'raise --max-cost, pick a cheaper --model, or shorten the task' },
    );
  }
  if (flag(values, 'dry-run')) {
    if (context.json)
      context.writeJson({ dryRun: true, ...plan, providerProblem: providerProblem ?? null });
    else
      context.out(
        [
          `${context.colors.bold(plan.agent)} (${plan.routedBy}) on ${plan.model} (${plan.modelSource}) via ${plan.provider ?? 'no provider'}`,
          `estimate: ~${inputTokens} input tokens, $${estimate.usd.low.toFixed(4)}–$${estimate.usd.high.toFixed(4)}`,
          ...(providerProblem === undefined
            ? []
            : [context.colors.yellow(`warning: ${providerProblem}`)]),
          context.colors.dim('dry run: nothing was called'),
        ].join('\n'),
      );
    return 0;
  }
  if (provider === undefined || providerInstance === undefined)
    throw new ConfigError('engine.no_provider', 'no provider');
  const client = clientFor(provider.name, context.io.env, config);
  const streaming = !context.json && (flag(values, 'stream') || context.io.stdout.isTTY === true);
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort(
      new HybridError('run.interrupted', 'interrupted: the run was stopped with Ctrl-C', {
        exitCode: 2,
        hint: 'nothing was recorded as done; run it again when ready',
      }),
    );
  };
  process.once('SIGINT', interrupt);
  const cache =
    config.cache.enabled && !flag(values, 'no-cache')
      ? openResponseCache(loaded.hybridHome, config.cache)
      : undefined;
  let result: RunResult;
  try {
    result = await runTask({
      cache,
      provider: providerInstance,
      client,
      request,
      model: modelInfo,
      signal: controller.signal,
      ...(streaming ? { onText: (delta: string) => context.io.stdout.write(delta) } : {}),
    });
  } catch (error) {
    memory?.after({ agent: plan.agent, task, outcome: 'failed', output: '', learn: false });
    if (loaded.initialized)
      runtime.bus.emit('run.failed', {
        agent: plan.agent,
        model: plan.model,
        provider: provider.name,
        error: isHybridError(error) ? error.code : 'unknown',
      });
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    cache?.close();
  }
  const output = {
    runId: result.runId,
    agent: plan.agent,
    model: result.response.model,
    provider: provider.name,
    simulated: result.simulated,
    output: result.response.text,
    stopReason: result.response.stopReason,
    usage: result.usage,
    costUsd: result.costUsd,
    cached: result.cached,
    durationMs: result.durationMs,
    attempts: result.attempts,
  };
  // A simulated or cached answer teaches nothing new; the run is still part of the history.
  const captured =
    memory?.after({
      agent: plan.agent,
      task,
      outcome: 'succeeded',
      output: output.output,
      learn: !result.simulated && !result.cached,
      runId: output.runId,
    }) ?? [];
  const remembered = captured.reduce(
    (sum, group) => sum + group.outcomes.filter((outcome) => outcome.status !== 'rejected').length,
    0,
  );
  if (loaded.initialized)
    runtime.bus.emit('run.completed', {
      runId: output.runId,
      agent: output.agent,
      model: output.model,
      provider: output.provider,
      simulated: output.simulated,
      cached: output.cached,
      ...callMetrics(output),
    });
  if (context.json) {
    context.writeJson({ ...output, recalledMemories: recalled.length, remembered });
    return 0;
  }
  if (!streaming) context.out(output.output);
  else context.io.stdout.write('\n');
  const { usage } = output;
  context.io.stderr.write(
    `${context.colors.dim(
      `${output.agent} · ${output.model} · ${usage.inputTokens} in (${usage.cacheReadTokens} cached) · ${usage.outputTokens} out · $${output.costUsd.toFixed(4)} · ${Math.round(output.durationMs)} ms · ${output.attempts} attempt${output.attempts === 1 ? '' : 's'}${recalled.length > 0 ? ` · ${recalled.length} recalled` : ''}${remembered > 0 ? ` · ${remembered} remembered` : ''}${output.simulated ? ' · simulated' : ''}`,
    )}\n`,
  );
  return 0;
}

function delegationsOf(values: ParsedValues): number {
  return integerValue(values, 'max-delegations', DEFAULT_MAX_DELEGATIONS, { min: 1, max: 50 });
}

function maxCostOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(
      `--max-cost must be a positive number of US dollars; got "${text}"`,
      'pass a number, e.g. --max-cost 0.50',
    );
  return value;
}
