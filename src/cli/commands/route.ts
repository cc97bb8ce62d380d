import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  openAiCompatibleEmbeddings,
  rerank,
  routeIndex,
  assessComplexity,
  estimateCost,
  estimateTokens,
  loadModelTable,
  selectModel,
} from '../../routing/index.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';

/** Reading a task from stdin stops here; routing only scores a prefix anyway. */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;

export const routeGroup: CommandGroup = {
  name: 'route',
  summary: 'Pick the agent and the model for a task, and explain why.',
  subcommands: [
    {
      name: '',
      summary: 'Pick the agent and the model for a task, and explain why.',
      usage:
        '"<task>" [--top K] [--explain] [--model M] [--rerank] [--agents-dir DIR] [--no-bundled] [--json]',
      details:
        'An @agent mention in the task wins (an unknown one is an error that lists the closest\n' +
        "names). Otherwise a BM25F index over each agent's name, keywords, description, examples,\n" +
        'body headings and body ranks the agents, with adjacent word pairs indexed too, so a shared\n' +
        'phrase counts for more than the same words apart. Intent cues ("why does ...", "end to end")\n' +
        "and a technology thesaurus (ArrayList: Java, CrashLoopBackOff: Kubernetes) widen the task's\n" +
        'words first, and the reasons name what fired. The generalist (routing.generalist) has its\n' +
        'score multiplied by 1.3; below routing.threshold the task goes to routing.defaultAgent.\n\n' +
        'A complexity classifier (length, sub-tasks, risk and scope terms, code blocks) rates the\n' +
        'task simple, moderate or complex, which maps to the haiku, sonnet or opus tier. The model:\n' +
        "--model, else config models.agents.<name>, else the agent file's model (unless inherit),\n" +
        'else the complexity tier. The cost estimate prices the agent prompt plus the task as input\n' +
        'and the output range expected for that complexity.\n\n' +
        'With --rerank (or routing.rerank: true) the best candidates are reranked by the cosine\n' +
        'similarity of task and agent embeddings from an OpenAI-compatible /embeddings server\n' +
        '(routing.embeddingsUrl, routing.embeddingsModel; a key, if the server needs one, from\n' +
        'OPENAI_API_KEY). Agent vectors are cached by content hash; if the server cannot be reached\n' +
        'the task is routed without rerank and the JSON warnings say so.\n\n' +
        'Pass - as the task to read it from standard input; very long tasks are scored on their first\n' +
        '20,000 characters, and an empty task exits 2. JSON: {agent, confidence, via, alternatives,\n' +
        'reasons, complexity, complexityScore, complexityReasons, tier, model, modelSource,\n' +
        'estimatedInputTokens, expectedOutputTokens, estimatedCostUsd: {low, high}}.',
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
      ],
      async run(context, values, positionals) {
        const top = integerValue(values, 'top', 3, { min: 1, max: 50 });
        const task =
          positionals.length === 1 && positionals[0] === '-' ? readStdin() : positionals.join(' ');
        const flags = agentFlagLayer(values);
        const layer = flag(values, 'rerank')
          ? { ...flags.layer, routing: { rerank: true } }
          : flags.layer;
        const names = new Map(flags.names);
        if (flag(values, 'rerank')) names.set('routing.rerank', '--rerank');
        const { runtime, loaded } = await runtimeForAgents(context, values, { layer, names });
        const { registry } = runtime;
        const { router, agents } = routeIndex(
          {
            defaultAgent: loaded.config.routing.defaultAgent,
            threshold: loaded.config.routing.threshold,
            generalist: loaded.config.routing.generalist,
            fingerprint: registry.stamp(),
            cacheDir: loaded.config.agents.cache
              ? join(loaded.hybridHome, 'cache', 'routing')
              : undefined,
          },
          () => registry.load().agents,
        );
        let decision = router.route(task, { top: Math.max(top, 8) });
        const warnings: string[] = [];
        if (loaded.config.routing.rerank) {
          try {
            const definitions = registry.load().agents.map((entry) => entry.definition);
            decision = await rerank(decision, task, definitions, {
              provider: openAiCompatibleEmbeddings({
                baseUrl: loaded.config.routing.embeddingsUrl,
                model: loaded.config.routing.embeddingsModel,
                apiKey: context.io.env.OPENAI_API_KEY,
              }),
              cacheDir: join(loaded.hybridHome, 'cache', 'embeddings'),
              weight: loaded.config.routing.rerankWeight,
            });
          } catch (error) {
            // Rerank improves a working router; when the server is away, route without it and say so.
            warnings.push(
              `rerank skipped: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        decision = { ...decision, alternatives: decision.alternatives.slice(0, top) };
        const assessment = assessComplexity(task);
        const table = loadModelTable(loaded.config.models.table, loaded.projectRoot);
        const agent = agents.find((candidate) => candidate.name === decision.agent);
        const choice =
          agent === undefined
            ? undefined
            : selectModel(
                {
                  agent,
                  complexity: assessment.complexity,
                  flag: stringValue(values, 'model'),
                  configured: loaded.config.models.agents[agent.name],
                },
                table,
              );
        // The agent file's size stands in for its prompt: reading and parsing it would cost more
        // than the estimate is worth (about four characters per token either way).
        const inputTokens = Math.ceil((agent?.size ?? 0) / 4) + estimateTokens(task);
        const cost = estimateCost(
          choice === undefined ? undefined : table.models[choice.model],
          inputTokens,
          assessment.complexity,
        );
        const result = {
          agent: decision.agent,
          confidence: decision.confidence,
          via: decision.via,
          alternatives: decision.alternatives,
          reasons: decision.reasons,
          complexity: assessment.complexity,
          complexityScore: assessment.score,
          complexityReasons: assessment.reasons,
          tier: choice?.tier ?? null,
          model: choice?.model ?? null,
          modelSource: choice?.source ?? null,
          estimatedInputTokens: cost.inputTokens,
          expectedOutputTokens: cost.outputTokens,
          estimatedCostUsd: cost.usd,
          warnings,
        };
        if (context.json) {
          context.writeJson(result);
          return 0;
        }
        const { colors } = context;
        const lines = [
          `${colors.bold(result.agent)}  ${colors.dim(`confidence ${result.confidence.toFixed(2)}, ${result.via}`)}`,
          `${result.complexity} → ${result.tier ?? '-'} ${result.model ?? ''} ${colors.dim(`(${result.modelSource ?? 'none'})`)}  est. $${result.estimatedCostUsd.low.toFixed(4)}–$${result.estimatedCostUsd.high.toFixed(4)}`,
        ];
        if (flag(values, 'explain')) {
          lines.push(
            '',
            colors.dim('why this agent:'),
            ...result.reasons.map((reason) => `  ${reason}`),
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

function readStdin(): string {
  const buffer = readFileSync(0);
  return buffer.subarray(0, MAX_STDIN_BYTES).toString('utf8');
}
