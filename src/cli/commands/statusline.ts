import { isatty } from 'node:tty';
import { resolveHybridHome } from '../../config/index.js';
import {
  badInputHint,
  readStatusLineStdin,
  statusLineOutput,
} from '../../daemon/status-line-local.js';
import { MAIN_AGENT_ENV } from '../../daemon/status-line.js';
import { flag } from '../args.js';
import type { CommandGroup } from '../command.js';

/** `claude-hybrid statusline`: the one line for Claude Code's `statusLine` setting. */
export const statuslineGroup: CommandGroup = {
  name: 'statusline',
  summary: 'Print the Claude Code status line: active agent, context %, cost, dashboard link.',
  subcommands: [
    {
      name: '',
      summary: 'Print the Claude Code status line: active agent, context %, cost, dashboard link.',
      usage: '[--plain] [--json] < status-line.json',
      details:
        "Reads Claude Code's status-line JSON on stdin (session_id, transcript_path, model, cost,\n" +
        "...) and prints one line: the subagent running now in that session (from the daemon's\n" +
        'SubagentStart and SubagentStop events; without the daemon, the delegation in the\n' +
        'transcript still waiting for its result), else the main agent (claude --agent; pm under\n' +
        'claude-hybrid code, which sets CLAUDE_HYBRID_AGENT=pm) or the\n' +
        "model's name; the context in use (from the transcript; yellow from 70%, red from 85%,\n" +
        "bold red from 95%); the session's cost (from the transcript's tokens at the model\n" +
        "table's prices, else Claude Code's own cost.total_cost_usd); and the dashboard's address\n" +
        '(http://127.0.0.1:PORT/) while the daemon runs, else "daemon stopped".\n\n' +
        'It asks the daemon when it runs and computes the line itself otherwise. Claude Code\n' +
        'starts the status line often, so `hooks install --statusline` registers the faster\n' +
        'dist/statusline.sh instead (curl to the daemon; this same computation in node when the\n' +
        'daemon is down). Input that is not a JSON object still gives one line, with a hint on\n' +
        'stderr; the exit code is 0 either way, so Claude Code shows the line.\n\n' +
        '--json prints the fields as one JSON document: agent, subagent, model, contextPercent,\n' +
        'contextTokens, contextWindow, costUsd, costSource (transcript or claude-code), dashboard,\n' +
        'daemon (running or stopped). NO_COLOR or --plain: no ANSI colour.',
      options: {
        plain: { type: 'boolean', description: 'No ANSI colour (NO_COLOR does the same)' },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid statusline < status-line.json',
        'claude-hybrid hooks install --statusline',
      ],
      async run(context, values) {
        // Run by hand in a terminal, there is no input to wait for. (Not process.stdin: it would
        // make a pipe non-blocking, and the synchronous read would find nothing.)
        const text = isatty(0) ? '' : readStatusLineStdin();
        const output = await statusLineOutput({
          text,
          hybridHome: resolveHybridHome(context.io.env),
          json: context.json,
          colour: !flag(values, 'plain') && (context.io.env.NO_COLOR ?? '') === '',
          askDaemon: true,
          mainAgent: context.io.env[MAIN_AGENT_ENV],
        });
        if (!output.inputUsable) context.io.stderr.write(badInputHint(text));
        // The line's only control sequences are its own colours (names are escaped when it is
        // drawn): written with the guard's marker for ESC, they reach the terminal as colours.
        context.io.stdout.write(output.stdout.split('\u001b').join(context.colors.control('')));
        return 0;
      },
    },
  ],
};
