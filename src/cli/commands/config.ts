import { CONFIG_KEYS, formatIssue } from '../../config/index.js';
import type { CommandGroup, Subcommand } from '../command.js';
import { renderTable } from '../output.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer } from './agent-sources.js';

function valueAt(config: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, part) => (current as Record<string, unknown> | undefined)?.[part],
      config,
    ); // walking the validated config
}

const show: Subcommand = {
  name: 'show',
  summary: 'Show the effective config and where each value came from',
  usage: '[--json]',
  details:
    'Each configuration key, its effective value and where it came from: default, a file path,\n' +
    'env CLAUDE_HYBRID_... or flag --.... Sources: default < user file < project file < env\n' +
    'CLAUDE_HYBRID_* < flags. The keys are described in docs/configuration.md.\n\n' +
    'JSON: {config, sources, projectRoot, initialized, files, hybridHome}.',
  options: {
    'no-bundled': AGENT_SOURCE_OPTIONS['no-bundled'] ?? { type: 'boolean', description: '' },
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: [
    'claude-hybrid config show',
    'CLAUDE_HYBRID_UI_COLOR=never claude-hybrid config show --json',
  ],
  async run(context, values) {
    const loaded = await context.loadConfig(agentFlagLayer(values));
    const entries = CONFIG_KEYS.map((key) => ({
      key: key.path,
      value: valueAt(loaded.config, key.path),
      source: loaded.sources.get(key.path) ?? 'default',
    }));
    if (context.json) {
      context.writeJson({
        config: loaded.config,
        sources: Object.fromEntries(entries.map((entry) => [entry.key, entry.source])),
        projectRoot: loaded.projectRoot,
        initialized: loaded.initialized,
        files: loaded.files,
        hybridHome: loaded.hybridHome,
      });
      return 0;
    }
    const rows = entries.map((entry) => [entry.key, JSON.stringify(entry.value), entry.source]);
    context.out(
      `${renderTable(['KEY', 'VALUE', 'SOURCE'], rows, 200)}\n${context.colors.dim(`project: ${loaded.projectRoot}${loaded.initialized ? '' : ' (not initialised)'}; user home: ${loaded.hybridHome}`)}`,
    );
    return 0;
  },
};

const validate: Subcommand = {
  name: 'validate',
  summary: 'Check every config layer (files and env) and report each problem; exits 2 when invalid',
  usage: '[--json]',
  details:
    'Checks the user and project config files and the CLAUDE_HYBRID_* environment, and reports\n' +
    'every problem with its file, line, key path, the expected value and what was found. Exits 2\n' +
    'when anything is invalid.\n\n' +
    'JSON: {ok, files, issues: [{source, line, key, expected, found}]}.',
  options: {},
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const loaded = await context.loadConfig(undefined, true);
    const checked = [
      loaded.files.userExists ? loaded.files.user : undefined,
      loaded.files.projectExists ? loaded.files.project : undefined,
    ].filter((file): file is string => file !== undefined);
    const ok = loaded.issues.length === 0;
    if (context.json) {
      context.writeJson({ ok, files: checked, issues: loaded.issues });
      return ok ? 0 : 2;
    }
    const { colors } = context;
    if (ok)
      context.out(
        `${colors.green('config ok')} (${checked.length === 0 ? 'defaults only' : checked.join(', ')})`,
      );
    else
      context.out(
        loaded.issues.map((issue) => `${colors.red('invalid')}  ${formatIssue(issue)}`).join('\n'),
      );
    return ok ? 0 : 2;
  },
};

export const configGroup: CommandGroup = {
  name: 'config',
  summary: 'Show or validate the layered configuration.',
  subcommands: [show, validate],
};
