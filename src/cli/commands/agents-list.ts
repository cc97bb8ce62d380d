import { MODEL_TIERS } from '../../agents/index.js';
import { UsageError } from '../../errors.js';
import { stringValue } from '../args.js';
import type { Subcommand } from '../command.js';
import { checkedScope, listingNotes, scopeOption } from './deploy-output.js';
import { oneLine, renderTable } from '../output.js';
import { agentSummary } from './agent-json.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';

export const agentsList: Subcommand = {
  name: 'list',
  summary: 'List the effective agents: name, model, tier, scope, source and keywords',
  usage: '[--tier haiku|sonnet|opus] [--scope S] [--agents-dir DIR] [--no-bundled] [--json]',
  details:
    'tier is the model tier (the `tier` field, else derived from `model`); scope is where the\n' +
    'agent was found: project (.claude-hybrid/agents, .claude/agents) > custom (agents.paths,\n' +
    '--agents-dir) > user > bundled. A name found in several scopes is taken from the highest;\n' +
    'the others are listed as shadowed. --agents-dir adds a directory (repeatable; it must\n' +
    'exist).\n\n' +
    'JSON: {agents: [{name, description, model, tier, scope, source, keywords, tools, managed}],\n' +
    'shadowed, duplicates, invalid, warnings}.',
  options: {
    tier: {
      type: 'string',
      value: 'TIER',
      description: 'Only agents of this model tier: haiku, sonnet or opus',
      complete: { choices: MODEL_TIERS },
    },
    scope: scopeOption('agents'),
    ...AGENT_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: [
    'claude-hybrid agents list',
    'claude-hybrid agents list --tier opus --json',
    'claude-hybrid agents list --agents-dir ./more-agents --no-bundled',
  ],
  async run(context, values) {
    const tier = stringValue(values, 'tier');
    if (tier !== undefined && !(MODEL_TIERS as readonly string[]).includes(tier)) {
      throw new UsageError(
        `--tier must be one of ${MODEL_TIERS.join(', ')}; got "${tier}"`,
        'for where an agent was found, use --scope',
      );
    }
    const scope = checkedScope(stringValue(values, 'scope'), 'agents');
    const { runtime } = await runtimeForAgents(context, values);
    const snapshot = runtime.registry.load();
    const agents = snapshot.agents.filter(
      (entry) =>
        (tier === undefined || entry.definition.tier === tier) &&
        (scope === undefined || entry.scope === scope),
    );
    if (context.json) {
      context.writeJson({
        agents: agents.map(agentSummary),
        shadowed: snapshot.shadowed,
        duplicates: snapshot.duplicates,
        invalid: snapshot.invalid,
        warnings: snapshot.warnings,
      });
      return 0;
    }
    const { colors } = context;
    const rows = agents.map((entry) => [
      colors.bold(entry.definition.name),
      entry.definition.model ?? '-',
      entry.definition.tier ?? '-',
      entry.scope,
      entry.definition.keywords.slice(0, 4).join(','),
      oneLine(entry.definition.description),
    ]);
    if (rows.length === 0) context.out('No agents found.');
    else
      context.out(
        renderTable(
          ['NAME', 'MODEL', 'TIER', 'SCOPE', 'KEYWORDS', 'DESCRIPTION'],
          rows,
          context.io.stdout.columns ?? 120,
        ),
      );
    listingNotes(context, agents.length, 'agent', snapshot);
    return 0;
  },
};
