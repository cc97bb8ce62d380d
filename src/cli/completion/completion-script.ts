import { VERSION } from '../../version.js';
import { bashScript } from './bash-script.js';
import { COMMAND_TABLE } from './command-table.js';
import type { CompletionTable } from './completion-table.js';
import { fishScript } from './fish-script.js';
import type { Shell } from './shells.js';
import { zshScript } from './zsh-script.js';

/** The completion script for `shell`, generated from the command table. */
export function completionScript(shell: Shell, table: CompletionTable, version: string): string {
  switch (shell) {
    case 'bash':
      return bashScript(table, version);
    case 'zsh':
      return zshScript(table, version);
    case 'fish':
      return fishScript(table, version);
  }
}

/** The completion script for `shell` from the generated command table, for this version. */
export function completionScriptFromTable(shell: Shell): string {
  return completionScript(shell, COMMAND_TABLE, VERSION);
}
