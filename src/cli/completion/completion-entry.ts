/**
 * `dist/completion.cjs`: `claude-hybrid completion bash|zsh|fish`, answered from the generated
 * command table without loading the rest of the CLI (src/cli/main.ts sends it here). Anything
 * else about `completion` (help, `--list`, a mistake) goes through the full CLI.
 */
import { VERSION } from '../../version.js';
import { fdOutput } from '../stdio.js';
import { COMMAND_TABLE } from './command-table.js';
import { completionScript } from './completion-script.js';
import { isShell } from './shells.js';

const shell = process.argv[3];
if (isShell(shell))
  fdOutput(1, () => process.stdout).write(completionScript(shell, COMMAND_TABLE, VERSION));
