/**
 * dist/statusline.cjs: `node statusline.cjs [--no-daemon] [--json] [--plain]`, with Claude Code's
 * status-line JSON on stdin. What statusline.sh hands over to when curl could not get the line
 * from the daemon (`--no-daemon`: it tried already), and a status-line command of its own where
 * there is no sh. Imports nothing heavy (no CLI, no store): the transcript reader and the model
 * table.
 *
 * It always prints one line and exits 0: Claude Code shows stdout as the status line, so an
 * error must never become a stack trace there.
 */
import { join, resolve } from 'node:path';
import { fallbackStatusLine } from './status-line.js';
import { readStatusLineStdin, statusLineOutput } from './status-line-local.js';

const args = process.argv.slice(2);
const env = process.env;
const home =
  env['CLAUDE_HYBRID_HOME'] !== undefined && env['CLAUDE_HYBRID_HOME'] !== ''
    ? resolve(env['CLAUDE_HYBRID_HOME'])
    : join(env['HOME'] ?? env['USERPROFILE'] ?? '.', '.claude-hybrid');
const colour = !args.includes('--plain') && (env['NO_COLOR'] ?? '') === '';

statusLineOutput({
  text: readStatusLineStdin(),
  hybridHome: home,
  json: args.includes('--json'),
  colour,
  askDaemon: !args.includes('--no-daemon'),
}).then(
  (output) => {
    process.stdout.write(output.stdout);
  },
  (error: unknown) => {
    process.stdout.write(`${fallbackStatusLine(undefined, colour)}\n`);
    process.stderr.write(
      `claude-hybrid statusline: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  },
);
