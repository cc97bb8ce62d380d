import type { AgentRunPlan, AgentRunResult, ContextFit, Engine } from '../../engine/index.js';
import { maxCostOf } from './max-cost-option.js';
import {
  DEFAULT_MAX_DELEGATIONS,
  createEngine,
  fitAgentRun,
  planAgentRun,
  planRoutedRun,
  runAgent,
} from '../../engine/engine.bundle.js';
import { HybridError, UsageError } from '../../errors.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';
import { readTask } from '../stdio.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { LLM_ROUTE_OPTIONS, withLlmRoute } from './llm-route-option.js';
import { PROVIDER_OPTION } from './provider-option.js';
import { QUEUE_OPTIONS, queueUrlOf } from './queue-option.js';
import { retryLine } from './retry-line.js';
import { escalationLine, statusLine } from './run-status-line.js';

export const runGroup: CommandGroup = {
  name: 'run',
  summary: 'Run one agent on a task and print its answer, tokens and cost.',
  subcommands: [
    {
      name: '',
      summary: 'Run one agent on a task and print its answer, tokens and cost.',
      usage:
        '"<task>" [--agent A] [--model M] [--provider P] [--llm-route|--no-llm-route] [--stream] [--no-cache] [--max-cost USD] [--escalate] [--dry-run] [--queue URL] [--json]',
      details:
        'Without --agent the task is routed (as `route` does; with --llm-route or routing.llm: auto,\n' +
        "an unsure router's 8 best candidates go to a haiku-tier model to choose from, and that call's\n" +
        "cost is part of the run's, shown in its JSON as routing). The model: --model, else config\n" +
        'models.agents.<name>, else a model id in the agent file, else the complexity tier. The\n' +
        'provider: --provider, else config engine.provider, else anthropic when ANTHROPIC_API_KEY is\n' +
        'set, else claude-code (Claude Code runs the agent) when claude is on PATH; openai (an\n' +
        'OpenAI-compatible server at engine.openaiBaseUrl, with --model NAME) and sim (offline,\n' +
        'simulated answers) only when asked for. Calls go through the resilient client: rate limits,\n' +
        'retries with backoff, per-attempt timeouts, a circuit breaker. Ctrl-C stops cleanly.\n' +
        'A retry that waits 0.5 s or more shows on stderr as one line (rate limited, retrying in\n' +
        '1.2 s (attempt 2/5)); --quiet drops it and the status line, --verbose shows every retry.\n' +
        'An answer from the response cache says "cache hit (no call)" in the status line.\n' +
        'With --pm the task is a goal: the pm agent plans it as JSON steps for the other agents\n' +
        '(checked, one repair, at most --max-delegations), the plan is shown (and asked about with\n' +
        '--confirm), then it runs as a checkpointed workflow that ends with a check against the\n' +
        'goal; --max-cost is the budget of the whole run. See `workflow status` and `workflow resume`.\n' +
        'With --escalate an answer the API stopped with stop_reason refusal or max_tokens is asked\n' +
        'again, once, of the next tier up (haiku, then sonnet, then opus; opus has none above it);\n' +
        'the cost and tokens shown are both calls\', and --json adds both under "escalation".\n' +
        'With --queue (or config queue.url) the run is enqueued for `claude-hybrid worker`s on that\n' +
        'Redis; this command follows it, records its events here, and prints the answer as usual.',
      options: {
        agent: {
          type: 'string',
          value: 'A',
          description: 'Run this agent instead of routing',
          complete: 'agent',
        },
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
        ...LLM_ROUTE_OPTIONS,
        escalate: {
          type: 'boolean',
          description: 'Ask the next tier up once when the answer is refused or cut off',
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
        ...QUEUE_OPTIONS,
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
        'claude-hybrid run "summarise the changelog" --queue redis://127.0.0.1:6379',
      ],
      async run(context, values, positionals) {
        const task = readTask(positionals);
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
        if (pm && flag(values, 'escalate'))
          throw new UsageError(
            '--escalate does not go with --pm yet',
            'drop --escalate, or set escalate: true on the steps of a workflow file',
          );
        if (pm)
          for (const name of ['agent', 'dry-run', 'stream', 'llm-route', 'no-llm-route'])
            if (values[name] !== undefined && values[name] !== false)
              throw new UsageError(
                `--${name} does not go with --pm`,
                `drop --${name}; the pm agent picks the agents`,
              );
        const maxDelegations = pm ? delegationsOf(values) : 0;
        const { runtime } = await runtimeForAgents(
          context,
          values,
          withLlmRoute(values, agentFlagLayer(values)),
        );
        const engine = createEngine({ runtime, env: context.io.env });
        try {
          const queueUrl = flag(values, 'dry-run') ? undefined : queueUrlOf(values, engine.config);
          if (queueUrl !== undefined) {
            if (pm)
              throw new UsageError(
                '--pm runs here; it does not go with a queue yet',
                'add --local (or drop --queue), or run the plan with: claude-hybrid workflow run FILE --queue URL',
              );
            if (flag(values, 'llm-route') || flag(values, 'no-llm-route'))
              throw new UsageError(
                '--llm-route and --no-llm-route do not go with a queue',
                "drop them: a queued run is routed by the worker, with the worker's routing.llm",
              );
            const { runOnQueue } = await import('./run-queued.js');
            return await runOnQueue(context, engine, queueUrl, {
              task,
              agent: stringValue(values, 'agent'),
              model: stringValue(values, 'model'),
              provider: stringValue(values, 'provider'),
              maxCostUsd: maxCost,
              cache: !flag(values, 'no-cache'),
              escalate: flag(values, 'escalate'),
            });
          }
          // What other machines learned, before this run recalls (only with store.url).
          await engine.syncSharedMemory();
          if (pm) {
            const { runPm } = await import('./run-pm.js');
            return await runPm(context, engine, {
              goal: task,
              maxCostUsd: maxCost,
              maxDelegations,
              confirm: flag(values, 'confirm'),
              providerFlag: stringValue(values, 'provider'),
              modelFlag: stringValue(values, 'model'),
              noCache: flag(values, 'no-cache'),
            });
          }
          return await execute(context, values, task, maxCost, engine);
        } finally {
          await engine.closeAndWait();
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
  maxCostUsd: number | undefined,
  engine: Engine,
): Promise<number> {
  const dryRun = flag(values, 'dry-run');
  const input = {
    task,
    agent: stringValue(values, 'agent'),
    model: stringValue(values, 'model'),
    provider: stringValue(values, 'provider'),
    maxCostUsd,
    withoutProvider: dryRun,
  };
  // A dry run calls nothing, so the router alone chooses (routing.llm applies to real runs).
  const plan = dryRun
    ? planAgentRun(engine, input)
    : await planRoutedRun(engine, input, { cache: !flag(values, 'no-cache') });
  if (dryRun) {
    const fit = await fitAgentRun(engine, plan);
    warnThresholds(
      context,
      plan.model.model,
      fit.promptTokens,
      plan.modelInfo.contextWindow,
      fit.crossed,
    );
    return printDryRun(context, plan, fit);
  }
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
  let result: AgentRunResult;
  try {
    result = await runAgent(engine, plan, {
      signal: controller.signal,
      cache: !flag(values, 'no-cache'),
      escalate: flag(values, 'escalate'),
      onEvent: (event) => {
        if (event.type === 'run.retrying') {
          const line = context.json ? undefined : retryLine(event.payload, context.verbosity);
          if (line !== undefined) context.io.stderr.write(`${context.colors.yellow(line)}\n`);
        } else if (event.type === 'context.threshold')
          warnThresholds(context, plan.model.model, event.payload.tokens, event.payload.window, [
            event.payload.threshold,
          ]);
        else if (event.type === 'run.escalated' && !context.json && context.verbosity !== 'quiet')
          context.io.stderr.write(`${context.colors.yellow(escalationLine(event.payload))}\n`);
      },
      ...(streaming
        ? {
            onText: (delta: string) => {
              context.payload(delta);
            },
          }
        : {}),
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
  if (context.json) {
    context.writeJson(result);
    return 0;
  }
  if (!streaming)
    context.payload(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  else context.payload('\n');
  if (context.verbosity !== 'quiet')
    context.io.stderr.write(`${context.colors.dim(statusLine(result))}\n`);
  return 0;
}

function warnThresholds(
  context: CliContext,
  model: string,
  tokens: number,
  window: number,
  crossed: readonly number[],
): void {
  if (context.json) return;
  for (const threshold of crossed)
    context.io.stderr.write(
      `${context.colors.yellow(`warning: the prompt fills ${Math.round(threshold * 100)}% of ${model}'s context window (${tokens} of ${window} tokens)`)}\n`,
    );
}

function printDryRun(context: CliContext, plan: AgentRunPlan, fit: ContextFit): number {
  const { estimate } = plan;
  const shown = {
    agent: plan.agent.name,
    routedBy: plan.routedBy,
    model: plan.model.model,
    modelSource: plan.model.source,
    tier: plan.model.tier ?? null,
    provider: plan.provider?.name ?? null,
    providerSource: plan.provider?.source ?? null,
    complexity: plan.complexity,
    estimatedInputTokens: estimate.inputTokens,
    promptTokens: fit.promptTokens,
    promptTokensMethod: fit.method,
    promptCached: fit.request.system[0]?.cache === true,
    recalledMemories: plan.recalled.length,
    estimatedCostUsd: estimate.usd,
  };
  if (context.json) {
    context.writeJson({ dryRun: true, ...shown, providerProblem: plan.providerProblem ?? null });
    return 0;
  }
  context.out(
    [
      `${context.colors.bold(shown.agent)} (${shown.routedBy}) on ${shown.model} (${shown.modelSource}) via ${shown.provider ?? 'no provider'}`,
      `estimate: ~${estimate.inputTokens} input tokens, $${estimate.usd.low.toFixed(4)}–$${estimate.usd.high.toFixed(4)}`,
      ...(plan.providerProblem === undefined
        ? []
        : [context.colors.yellow(`warning: ${plan.providerProblem}`)]),
      context.colors.dim('dry run: nothing was called'),
    ].join('\n'),
  );
  return 0;
}

function delegationsOf(values: ParsedValues): number {
  return integerValue(values, 'max-delegations', DEFAULT_MAX_DELEGATIONS, { min: 1, max: 50 });
}
