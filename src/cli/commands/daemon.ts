import { resolveHybridHome } from '../../config/index.js';
import { HybridError } from '../../errors.js';
import { daemonRequest, runningDaemon, startDaemon, stopDaemon } from '../../daemon/index.js';
import type * as Net from 'node:net';
import { printable } from '../../files/index.js';
import { lazyRequire } from '../../files/lazy-require.js';
import { integerValue, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues, Subcommand } from '../command.js';

function portOf(values: ParsedValues, configured: number): number {
  return integerValue(values, 'port', configured, {
    min: 0,
    max: 65_535,
    hint: 'pass e.g. --port 47632, or --port 0 for any free port',
  });
}

/**
 * `keepPort`: the port of the daemon `restart` just stopped, tried before daemon.port so that
 * installed hooks keep reaching it.
 */
async function start(
  context: CliContext,
  values: ParsedValues,
  keepPort?: number,
): Promise<number> {
  const loaded = await context.loadConfig();
  // An explicit --port is a demand: taken, it is an error. Otherwise a taken port falls back.
  const strictPort = stringValue(values, 'port') !== undefined;
  const { info, started, readyMs } = await startDaemon(loaded.hybridHome, {
    port: strictPort ? portOf(values, 0) : (keepPort ?? loaded.config.daemon.port),
    strictPort,
    env: context.io.env,
  });
  if (context.json)
    context.writeJson({ running: true, started, port: info.port, pid: info.pid, readyMs });
  else
    context.out(
      started
        ? `daemon started on 127.0.0.1:${info.port} (pid ${info.pid}) in ${Math.round(readyMs)} ms`
        : `daemon already running on 127.0.0.1:${info.port} (pid ${info.pid})`,
    );
  return 0;
}

async function stop(context: CliContext): Promise<number> {
  const stopped = await stopDaemon(resolveHybridHome(context.io.env));
  if (context.json) context.writeJson({ stopped });
  else context.out(stopped ? 'daemon stopped' : 'no daemon was running');
  return 0;
}

/** Whether a loopback port can be listened on now (a hint, not a reservation). */
function portFree(port: number): Promise<boolean> {
  const { createServer } = lazyRequire('node:net') as typeof Net;
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

const START_OPTIONS = {
  port: {
    type: 'string',
    value: 'N',
    description: 'Listen on this loopback port (default daemon.port; 0: any free one)',
  },
} as const;

const startCommand = (name: string, summary: string): Subcommand => ({
  name,
  summary,
  usage: '[--port N] [--json]',
  details:
    'Starts the daemon in the background and waits until it is ready, or says it already runs.\n' +
    'One daemon serves every project of the user: each hook event is filed under the project of\n' +
    'its cwd, or in $CLAUDE_HYBRID_HOME/daemon.db outside any initialised project. It listens on\n' +
    '127.0.0.1 only, on daemon.port (default 47632; when another user or home holds it, on a\n' +
    'free port instead; an explicit --port that is taken fails with daemon.port_taken; --port 0\n' +
    'picks a free one), and writes its\n' +
    'port, pid and token to $CLAUDE_HYBRID_HOME/daemon.json (mode 0600); its log is daemon.log\n' +
    'there. Every request except GET /health needs the token, which is kept in daemon.token so\n' +
    'installed hooks keep working across restarts.\n\n' +
    'While it runs, `route` and `memory list|search|show` are run by the daemon for a CLI of the\n' +
    'same build (same output, in less time), and `events list|tail` read through it.',
  options: START_OPTIONS,
  positionals: { min: 0, max: 0, name: '' },
  examples: [`claude-hybrid daemon ${name}`],
  run: (context, values) => start(context, values),
});

const stopCommand = (name: string, summary: string): Subcommand => ({
  name,
  summary,
  usage: '[--json]',
  details:
    'Asks the daemon to finish what it has and exit, then sends SIGTERM, then SIGKILL. It only\n' +
    'signals a process that answers /health as our daemon with the pid in daemon.json; a stale\n' +
    'file from a crash is just removed.',
  options: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: [`claude-hybrid daemon ${name}`],
  run: (context) => stop(context),
});

export const daemonGroup: CommandGroup = {
  name: 'daemon',
  summary: 'Run the local daemon Claude Code hooks report to: start, stop, status, restart.',
  subcommands: [
    startCommand(
      'start',
      'Start the daemon in the background (once per user), or say it is running.',
    ),
    startCommand('up', 'Same as start.'),
    stopCommand('stop', 'Stop the daemon; it finishes what it has first.'),
    stopCommand('down', 'Same as stop.'),
    {
      name: 'restart',
      summary: 'Stop the daemon if it runs, then start it.',
      usage: '[--port N] [--json]',
      details:
        'stop, then start: the options and the JSON are those of start. Without --port the new\n' +
        'daemon takes the port of the one it replaces, so installed hooks keep reaching it.',
      options: START_OPTIONS,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid daemon restart'],
      async run(context, values) {
        const home = resolveHybridHome(context.io.env);
        const previous = await runningDaemon(home);
        // An explicit port another program holds would leave no daemon at all: refuse first.
        const explicit = stringValue(values, 'port');
        if (explicit !== undefined) {
          const port = portOf(values, 0);
          if (port !== 0 && port !== previous?.port && !(await portFree(port)))
            throw new HybridError('daemon.port_taken', `port ${port} on 127.0.0.1 is taken`, {
              hint: 'pass another --port, or none to keep the current one; the daemon was left running',
              exitCode: 2,
            });
        }
        const stopped = await stopDaemon(home);
        if (stopped && !context.json)
          context.out(
            `daemon stopped${previous === undefined ? '' : ` (was on 127.0.0.1:${previous.port})`}`,
          );
        return start(context, values, previous?.port);
      },
    },
    {
      name: 'status',
      summary:
        'Whether the daemon runs: port, pid, uptime, memory, events received (per project), commands run for the CLI, tail clients.',
      usage: '[--json]',
      details:
        'Port, pid, uptime, memory, events received and events per project, the commands it ran for\n' +
        'the CLI (served in --json) and the `events tail` clients following it (streams). Exit 1\n' +
        '(daemon.unreachable) when its port answers with an error.\n\n' +
        'It also lists each project whose Bash deny policy cannot be used (policyProblems in\n' +
        '--json: root, problem, action kept-last or deny-all; see hooks.onBadPolicy), as of the\n' +
        'last Bash command checked there.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid daemon status --json'],
      async run(context) {
        const info = await runningDaemon(resolveHybridHome(context.io.env));
        if (info === undefined) {
          if (context.json) context.writeJson({ running: false });
          else context.out('daemon not running; start it with: claude-hybrid daemon start');
          return 0;
        }
        const answer = await daemonRequest(info, 'GET', '/status');
        if (answer.status !== 200)
          throw new HybridError(
            'daemon.unreachable',
            `the daemon on port ${info.port} answered ${answer.status} to /status`,
            { hint: 'restart it: claude-hybrid daemon restart' },
          );
        const status = answer.body as {
          uptimeMs: number;
          rssBytes: number;
          events: number;
          streams?: number;
          served?: number;
          projects: { root: string; events: number }[];
          policyProblems?: { root: string; problem: string; action: string }[];
        };
        const problems = status.policyProblems ?? [];
        if (context.json) context.writeJson({ running: true, port: info.port, ...status });
        else
          context.out(
            [
              `daemon running on 127.0.0.1:${info.port} (pid ${info.pid}), up ${Math.round(status.uptimeMs / 1000)} s, ${Math.round(status.rssBytes / 1024 / 1024)} MB`,
              `events received: ${status.events}`,
              ...status.projects.map((project) => `  ${project.events}  ${project.root}`),
              `commands run for the CLI: ${status.served ?? 0}; events tail clients: ${status.streams ?? 0}`,
              // From config files: printed escaped, so they cannot drive the terminal.
              ...problems.map(
                (problem) =>
                  `Bash policy problem in ${printable(problem.root)} (${problem.action === 'deny-all' ? 'denying every Bash command' : 'keeping the last clean patterns'}): ${printable(problem.problem)}`,
              ),
            ].join('\n'),
          );
        return 0;
      },
    },
  ],
};
