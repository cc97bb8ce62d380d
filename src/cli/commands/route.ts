import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  openAiCompatibleEmbeddings,
  rerank,
  routeIndex,
  assessComplexity,
  estimateCost,
  estimateTokens,
  selectModel,
} from '../../routing/index.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { loadModelTable } from '../../models/index.js';

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
        '"<task>" [--top K] [--explain] [--model M] [--agents-dir DIR] [--no-bundled] [--json]',
      details:
        'An @agent mention in the task wins. Otherwise the router ranks agents by their name, keywords,\n' +
        'description, examples, headings and body, widening the task with intent cues and a technology\n' +
        'thesaurus, and weighting the generalist (routing.generalist) up a little; below\n' +
        'routing.threshold it falls back to routing.defaultAgent.\n' +
        'The model: --model, else config models.agents.<name>, else the agent file, else the complexity tier.\n' +
        'Pass - as the task to read it from standard input.',
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
