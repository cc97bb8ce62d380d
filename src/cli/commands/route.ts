import { routeInProject } from '../../bundles/routing.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { readTask } from '../stdio.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';

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
        const task = readTask(positionals);
        const flags = agentFlagLayer(values);
        const layer = flag(values, 'rerank')
          ? { ...flags.layer, routing: { rerank: true } }
          : flags.layer;
        const names = new Map(flags.names);
        if (flag(values, 'rerank')) names.set('routing.rerank', '--rerank');
        const { runtime, loaded } = await runtimeForAgents(context, values, { layer, names });
        const result = await routeInProject(
          { loaded, registry: runtime.registry, env: context.io.env },
          { task, top, model: stringValue(values, 'model') },
        );
        const { warnings } = result;
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
