/**
 * dist/statusline.cjs: `node statusline.cjs [--no-daemon] [--json] [--plain]`, with Claude Code's
 * status-line JSON on stdin. What statusline.sh hands over to when curl could not get the line
 * from the daemon (`--no-daemon`: it tried already), the status-line command where there is no
 * sh, and what `claude-hybrid statusline [--json] [--plain]` runs (src/cli/main.ts loads it
 * without the rest of the CLI). Imports nothing heavy (no CLI, no store): the transcript reader
 * and the model table.
 *
 * It always prints one line and exits 0: Claude Code shows stdout as the status line, so an
 * error must never become a stack trace there.
 */
import { join, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { MAIN_AGENT_ENV, fallbackStatusLine } from './status-line.js';
import { badInputHint, readStatusLineStdin, statusLineOutput } from './status-line-local.js';

const args = process.argv.slice(2);
const env = process.env;
const home =
  env['CLAUDE_HYBRID_HOME'] !== undefined && env['CLAUDE_HYBRID_HOME'] !== ''
    ? resolve(env['CLAUDE_HYBRID_HOME'])
    : join(env['HOME'] ?? env['USERPROFILE'] ?? '.', '.claude-hybrid');
const colour =
  !args.includes('--plain') && !args.includes('--no-color') && (env['NO_COLOR'] ?? '') === '';

// Run by hand in a terminal, there is no input to wait for.
const text = isatty(0) ? '' : readStatusLineStdin();
statusLineOutput({
  text,
  hybridHome: home,
  json: args.includes('--json'),
  colour,
  askDaemon: !args.includes('--no-daemon'),
  mainAgent: env[MAIN_AGENT_ENV],
}).then(
  (output) => {
    process.stdout.write(output.stdout);
    if (!output.inputUsable) process.stderr.write(badInputHint(text));
  },
  (error: unknown) => {
    process.stdout.write(`${fallbackStatusLine(undefined, colour)}\n`);
    process.stderr.write(
      `claude-hybrid statusline: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  },
);
