import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { COMMAND_TABLE } from './command-table.js';
import { fishScript } from './fish-script.js';
import { zshScript } from './zsh-script.js';

/** True when `shell` is installed here; the parse checks run only then (none is installed for them). */
function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterAll(() => {
  cleanup();
});

describe('the zsh completion script', () => {
  const script = zshScript(COMMAND_TABLE, '1.2.3');

  it('is a #compdef file that also registers itself when sourced', () => {
    expect(script.startsWith('#compdef claude-hybrid\n')).toBe(true);
    expect(script).toMatch(/\n_claude_hybrid\(\) \{\n/);
    expect(script).toContain('compdef _claude_hybrid claude-hybrid');
    // The same table as bash: every command and every subcommand is in it.
    for (const group of COMMAND_TABLE.groups) {
      expect(script).toContain(` ${group.name}`);
      for (const command of group.commands)
        if (command.name !== '') expect(script).toContain(command.name);
    }
    expect(script).toContain(
      "'agents undeploy') REPLY='--target --dry-run --force --agents-dir --no-bundled' ;;",
    );
  });

  it.skipIf(!installed('zsh'))('parses (zsh -n)', () => {
    const file = join(dir, '_claude-hybrid');
    writeFileSync(file, script);
    const check = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });
});

describe('the fish completion script', () => {
  const script = fishScript(COMMAND_TABLE, '1.2.3');

  it('has a guarded complete line for every command, subcommand and option', () => {
    expect(script).toContain('complete -c claude-hybrid -f\n');
    for (const group of COMMAND_TABLE.groups) {
      expect(script).toContain(`-n "__claude_hybrid_at '' ''" -a '${group.name}'`);
      for (const command of group.commands) {
        if (command.name !== '')
          expect(script).toContain(
            `-n '__claude_hybrid_needs_subcommand ${group.name}' -a '${command.name}'`,
          );
        for (const option of command.options) expect(script).toContain(` -l ${option.name}`);
      }
    }
    expect(script).toContain(
      "complete -c claude-hybrid -n '__claude_hybrid_at run \\'\\'' -l agent -x -a '(__claude_hybrid_names agents)'",
    );
    expect(script).toContain(
      "complete -c claude-hybrid -n '__claude_hybrid_at agents list' -l tier -x -a 'haiku sonnet opus'",
    );
  });

  it.skipIf(!installed('fish'))('parses (fish -n)', () => {
    const file = join(dir, 'claude-hybrid.fish');
    writeFileSync(file, script);
    const check = spawnSync('fish', ['-n', file], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });
});
