import { PROVIDERS } from '../../engine/provider-choice.js';
import { UsageError } from '../../errors.js';
import { routeInProject } from '../../routing/routing.bundle.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { readTask } from '../stdio.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { LLM_ROUTE_OPTIONS, withLlmRoute } from './llm-route-option.js';
import { PROVIDER_OPTION } from './provider-option.js';
import type { RoutingCalls } from './route-calls.js';

export const routeGroup: CommandGroup = {
  name: 'route',
  summary: 'Pick the agent and the model for a task, and explain why.',
  subcommands: [
    {
      name: '',
      summary: 'Pick the agent and the model for a task, and explain why.',
      usage:
        '"<task>" [--top K] [--explain] [--model M] [--rerank] [--llm-route|--no-llm-route] [--provider P] [--agents-dir DIR] [--no-bundled] [--json]',
      details:
        'An @agent mention in the task wins (an unknown one is an error that lists the closest\n' +
        "names). Otherwise a BM25F index over each agent's name, keywords, description, examples,\n" +
        'body headings and body ranks the agents, with adjacent word pairs indexed too, so a shared\n' +
        'phrase counts for more than the same words apart. Intent cues ("why does ...", "end to end"),\n' +
        'a thesaurus of software-engineering concepts ("slow": performance, "went down after the\n' +
        'deploy": incident) and a technology thesaurus (ArrayList: Java, CrashLoopBackOff:\n' +
        "Kubernetes) widen the task's words first, and the reasons name what fired. The generalist\n" +
        '(routing.generalist) has its score multiplied by 1.3; below routing.threshold the task goes\n' +
        'to routing.defaultAgent.\n\n' +
        'A complexity classifier (size, sub-tasks, the kind of work: risk, design, migration, scope,\n' +
        'a question or a small change) rates the task simple, moderate or complex, which maps to the\n' +
        'haiku, sonnet or opus tier. The model: --model, else config models.agents.<name>, else a\n' +
        'model id in the agent file (a tier alias there does not pin), else the complexity tier.\n' +
        'The cost estimate prices the agent prompt plus the task as input\n' +
        'and the output range expected for that complexity.\n\n' +
        'With --rerank (or routing.rerank: true) the best candidates are reranked by the cosine\n' +
        'similarity of task and agent embeddings from an OpenAI-compatible /embeddings server\n' +
        '(routing.embeddingsUrl, routing.embeddingsModel; a key, if the server needs one, from\n' +
        'OPENAI_API_KEY). Agent vectors are cached by content hash; if the server cannot be reached\n' +
        'the task is routed without rerank and the JSON warnings say so.\n\n' +
        'With --llm-route (or routing.llm: auto), when the confidence is below 0.8 a haiku-tier\n' +
        "model chooses among the router's 8 best candidates, through the provider (--provider, else\n" +
        'engine.provider, else anthropic with ANTHROPIC_API_KEY; sim simulates and keeps the\n' +
        "router's choice): one short call, its agent catalogue prompt-cached, its answer cached. via\n" +
        "is then llm, and an answer that names no candidate keeps the router's choice and says why.\n" +
        'Without it route makes no model call.\n\n' +
        'Pass - as the task to read it from standard input; very long tasks are scored on their first\n' +
        '20,000 characters, and an empty task exits 2.\n\n' +
        'Below confidence 0.8 the answer says it is unsure and names the runner-up; --explain then\n' +
        'lists what speaks against the choice: a close runner-up, and cues that point to another\n' +
        'agent. JSON: {agent, confidence, via, unsure, runnerUp, alternatives, reasons, doubts,\n' +
        'complexity, complexityScore, complexityReasons, tier, model, modelSource,\n' +
        'estimatedInputTokens, expectedOutputTokens, estimatedCostUsd: {low, high}, routingCall:\n' +
        '{model, provider, candidates, answer, usage, costUsd, cached, durationMs} or null, warnings}.',
      options: {
        top: {
          type: 'string',
          value: 'K',
          description: 'How many ranked alternatives to show (default 3)',
        },
        explain: {
          type: 'boolean',
          description: 'Show every reason: matched terms and complexity features',
        },
        rerank: {
          type: 'boolean',
          description:
            'Rerank candidates by embedding similarity for this run (see routing.rerank)',
        },
        model: {
          type: 'string',
          value: 'MODEL',
          description: 'Use this model (alias or id) whatever the agent or task',
        },
        ...LLM_ROUTE_OPTIONS,
        ...PROVIDER_OPTION,
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: {
        min: 1,
        max: Number.POSITIVE_INFINITY,
        name: 'the task (quote it, or pass - to read standard input)',
      },
      examples: [
        'claude-hybrid route "add tests for the date parser"',
        'claude-hybrid route "@security review the login flow" --json',
        'cat issue.md | claude-hybrid route - --explain',
        'claude-hybrid route "make the build faster" --llm-route --explain',
      ],
      async run(context, values, positionals) {
        const top = integerValue(values, 'top', 3, { min: 1, max: 50 });
        const task = readTask(positionals);
        const flags = agentFlagLayer(values);
        const layer = flag(values, 'rerank')
          ? { ...flags.layer, routing: { rerank: true } }
          : flags.layer;
        const names = new Map(flags.names);
        if (flag(values, 'rerank')) names.set('routing.rerank', '--rerank');
        const { runtime, loaded } = await runtimeForAgents(
          context,
          values,
          withLlmRoute(values, { layer, names }),
        );
        const provider = stringValue(values, 'provider');
        if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider))
          throw new UsageError(
            `unknown provider "${provider}"; this version has ${PROVIDERS.join(', ')}`,
            `pass --provider ${PROVIDERS.join('|')}`,
          );
        // The engine (dist/engine.cjs) is loaded and opened by the first routing call only, so
        // `route` with routing.llm off, or a confident route, never loads it.
        let calls: RoutingCalls | undefined;
        const result = await routeInProject(
          { loaded, registry: runtime.registry, env: context.io.env },
          {
            task,
            top,
            model: stringValue(values, 'model'),
            ask: async (request) => {
              const { routingCalls } = await import('./route-calls.js');
              calls ??= routingCalls(runtime, context.io.env, provider);
              return calls.ask(request);
            },
          },
        ).finally(() => calls?.close());
        const { warnings } = result;
        if (context.json) {
          context.writeJson(result);
          return 0;
        }
        const { colors } = context;
        const lines = [
          `${colors.bold(result.agent)}  ${colors.dim(`confidence ${result.confidence.toFixed(2)}, ${result.via}`)}`,
          ...(result.unsure
            ? [
                colors.yellow(
                  result.runnerUp === null
                    ? 'unsure: no other agent scored, but the match is weak'
                    : `unsure: ${result.runnerUp} is the runner-up`,
                ),
              ]
            : []),
          `${result.complexity} → ${result.tier ?? '-'} ${result.model ?? ''} ${colors.dim(`(${result.modelSource ?? 'none'})`)}  est. $${result.estimatedCostUsd.low.toFixed(4)}–$${result.estimatedCostUsd.high.toFixed(4)}`,
        ];
        if (flag(values, 'explain')) {
          lines.push(
            '',
            colors.dim('why this agent:'),
            ...result.reasons.map((reason) => `  ${reason}`),
          );
          if (result.doubts.length > 0)
            lines.push(colors.dim('against it:'), ...result.doubts.map((doubt) => `  ${doubt}`));
          const call = result.routingCall;
          if (call !== null)
            lines.push(
              colors.dim('routing call:'),
              `  ${call.model} via ${call.provider}: answered "${call.answer}"${call.cached ? ' (cached)' : ''}, ${call.usage.inputTokens + call.usage.cacheReadTokens + call.usage.cacheWriteTokens} input tokens (${call.usage.cacheReadTokens} from the prompt cache), $${call.costUsd.toFixed(6)}`,
            );
          lines.push(
            colors.dim('alternatives:'),
            ...result.alternatives.map(
              (alternative) => `  ${alternative.agent}  ${alternative.score}`,
            ),
          );
          lines.push(
            colors.dim('why this complexity:'),
            ...result.complexityReasons.map((reason) => `  ${reason}`),
          );
        }
        for (const warning of warnings) lines.push(colors.yellow(`warning: ${warning}`));
        context.out(lines.join('\n'));
        return 0;
      },
    },
  ],
};
