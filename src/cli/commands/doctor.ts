import { renderDoctor, runDoctor } from '../../doctor/doctor.bundle.js';
import { flag } from '../args.js';
import type { CommandGroup } from '../command.js';

export const doctorGroup: CommandGroup = {
  name: 'doctor',
  summary: 'Check the installation and this project, and say how to fix each problem.',
  subcommands: [
    {
      name: '',
      summary: 'Check the installation and this project, and say how to fix each problem.',
      usage: '[--online] [--require-key] [--json]',
      details:
        'Checks Node.js, the native SQLite module, the home and project folders and their\n' +
        'permissions, the configuration, the agent files, the project store, the daemon and\n' +
        'whether the installed hooks reach it, the Claude Code hooks, MCP server and status line\n' +
        'registrations, Claude Code on PATH and its version, the API key (never printed), and the\n' +
        'disk use of the caches and the event log. Each problem comes with a fix. Changes nothing.\n\n' +
        'Offline by default: --online also sends one count-tokens request to the Anthropic API\n' +
        '(ANTHROPIC_BASE_URL when set) and connects to the shared Postgres store when store.url\n' +
        'is set. A missing API key is a warning, unless --require-key. Exits 1 when any check\n' +
        'fails, 0 otherwise (warnings included).\n\n' +
        "JSON: {ok, checks: [{id, title, status: 'ok'|'warn'|'fail'|'skip', detail, fix}], counts}.",
      options: {
        online: {
          type: 'boolean',
          description: 'Also try the model provider and the shared store over the network',
        },
        'require-key': {
          type: 'boolean',
          description: 'Fail, rather than warn, when ANTHROPIC_API_KEY is not set',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid doctor',
        'claude-hybrid doctor --online --require-key',
        'claude-hybrid doctor --json',
      ],
      run: async (context, values) => {
        const report = await runDoctor({
          cwd: context.io.cwd,
          env: context.io.env,
          loadConfig: () => context.loadConfig(undefined, true),
          online: flag(values, 'online'),
          requireKey: flag(values, 'require-key'),
        });
        if (context.json) context.writeJson(report);
        else context.out(renderDoctor(report, context.colors));
        return report.ok ? 0 : 1;
      },
    },
  ],
};
