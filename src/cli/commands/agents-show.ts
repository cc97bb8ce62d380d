import { AgentError } from '../../errors.js';
import { notFoundMessage } from '../../routing/closest-names.js';
import type { Subcommand } from '../command.js';
import { agentDetail } from './agent-json.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';

export const agentsShow: Subcommand = {
  name: 'show',
  summary: 'Show one agent: every field, where it came from, what it shadows, and its prompt',
  usage: 'NAME [--json]',
  details:
    'Shows every field of one agent, where it came from (scope and file), the definitions it\n' +
    'shadows, and its full prompt. Exit 2 (agents.not_found) when no agent has that name.',
  options: { ...AGENT_SOURCE_OPTIONS },
  positionals: { min: 1, max: 1, name: 'agent NAME', complete: ['agent'] },
  examples: ['claude-hybrid agents show engineer', 'claude-hybrid agents show pm --json'],
  async run(context, _values, positionals) {
    const name = positionals[0] ?? '';
    const { runtime } = await runtimeForAgents(context, _values);
    const snapshot = runtime.registry.load();
    const entry = snapshot.agents.find((candidate) => candidate.definition.name === name);
    if (entry === undefined) {
      const names = snapshot.agents.map((candidate) => candidate.definition.name);
      throw new AgentError('agents.not_found', notFoundMessage('agent', name, names), {
        hint: "run 'claude-hybrid agents list' to see the agents",
        exitCode: 2,
      });
    }
    const shadows = snapshot.shadowed
      .filter((record) => record.name === name)
      .map((record) => ({ scope: record.scope, file: record.file }));
    const duplicates = snapshot.duplicates.find((record) => record.name === name)?.files ?? [];
    if (context.json) {
      context.writeJson({ ...agentDetail(entry), shadows, duplicates });
      return 0;
    }
    const { colors } = context;
    const detail = agentDetail(entry);
    const lines = [
      `${colors.bold(entry.definition.name)}  ${colors.dim(`${entry.scope}: ${entry.file}`)}`,
    ];
    for (const [key, value] of Object.entries(detail)) {
      if (['name', 'prompt', 'source', 'scope'].includes(key)) continue;
      // Examples are sentences with commas of their own: one per line reads better.
      const text =
        key === 'examples' && Array.isArray(value)
          ? value.map(String).join(`\n${' '.repeat(16)}`)
          : fieldText(value);
      if (text !== '') lines.push(`${colors.cyan(key.padEnd(16))}${text}`);
    }
    for (const shadow of shadows) lines.push(colors.dim(`shadows ${shadow.scope}: ${shadow.file}`));
    if (duplicates.length > 1)
      lines.push(colors.yellow(`duplicate definitions: ${duplicates.join(', ')}`));
    lines.push('', colors.dim('--- prompt ---'), entry.definition.prompt.trim());
    context.out(lines.join('\n'));
    return 0;
  },
};

/** One line for a field in the human view; empty values print nothing. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (typeof value === 'object')
    return Object.keys(value).length === 0 ? '' : JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
