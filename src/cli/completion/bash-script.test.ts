import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { COMMAND_TABLE } from './command-table.js';
import { bashScript } from './bash-script.js';
import { shellQuote } from './posix-data.js';

let dir: string;
let cleanup: () => void;
let script: string;
let calls: string;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  script = join(dir, 'claude-hybrid.bash');
  writeFileSync(script, bashScript(COMMAND_TABLE, '1.2.3'));
  // A stand-in for the CLI the script calls back into: it records how it was asked, and answers
  // `completion --list` with names the tests know.
  calls = join(dir, 'calls.txt');
  writeFileSync(
    join(dir, 'claude-hybrid'),
    [
      '#!/bin/sh',
      `echo "$*" >> ${shellQuote(calls)}`,
      'case "$*" in',
      "  'completion --list agents') printf 'engineer\\nqa\\nsecurity\\n' ;;",
      "  'completion --list workflows') printf 'code-review\\nrelease\\n' ;;",
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'claude-hybrid'), 0o755);
  writeFileSync(join(dir, 'notes.md'), 'a file to complete\n');
});
afterAll(() => {
  cleanup();
});

/**
 * What the script offers for `line`, the cursor at its end (a trailing space starts a new,
 * empty word), in a real bash: the words as bash would have split them, then `_claude_hybrid`.
 */
function complete(line: string): string[] {
  const words = line.split(' ');
  const program = [
    'source "$1" || exit 9',
    `COMP_WORDS=(${words.map(shellQuote).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${shellQuote(line)}`,
    '_claude_hybrid 2>/dev/null',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '-c', program, 'bash', script], {
    cwd: dir,
    env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter((word) => word !== '');
}

describe('the bash completion script', () => {
  it('is valid bash and registers the function for claude-hybrid', () => {
    const check = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const registered = spawnSync(
      'bash',
      ['--norc', '-c', 'source "$1" && complete -p claude-hybrid', 'bash', script],
      { encoding: 'utf8' },
    );
    expect(registered.stdout.trim()).toBe('complete -F _claude_hybrid claude-hybrid');
    expect(readFileSync(script, 'utf8')).toMatch(/^# bash completion for claude-hybrid 1\.2\.3/);
  });

  it('completes commands, subcommands and options from the command table', () => {
    expect(complete('claude-hybrid ag')).toEqual(['agents']);
    expect(complete('claude-hybrid ')).toEqual(COMMAND_TABLE.groups.map((group) => group.name));
    expect(complete('claude-hybrid agents ')).toEqual([
      'list',
      'show',
      'validate',
      'deploy',
      'undeploy',
      'new',
    ]);
    expect(complete('claude-hybrid agents un')).toEqual(['undeploy']);
    const runOptions = complete('claude-hybrid run --');
    expect(runOptions).toEqual(expect.arrayContaining(['--agent', '--model', '--json', '--help']));
    expect(runOptions).not.toContain('--target');
    expect(complete('claude-hybrid --j')).toEqual(['--json']);
    expect(complete('claude-hybrid --v')).toEqual(['--verbose', '--version']);
    expect(complete('claude-hybrid --q')).toEqual(['--quiet']);
    expect(complete('claude-hybrid mcp ')).toEqual(['install', 'uninstall', 'status']);
    expect(complete('claude-hybrid completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it("completes option values: choices, and the project's agents asked of the CLI", () => {
    expect(complete('claude-hybrid agents list --tier ')).toEqual(['haiku', 'sonnet', 'opus']);
    expect(complete('claude-hybrid run --provider s')).toEqual(['sim']);
    writeFileSync(calls, '');
    expect(complete('claude-hybrid run --agent ')).toEqual(['engineer', 'qa', 'security']);
    expect(complete('claude-hybrid run --agent se')).toEqual(['security']);
    expect(readFileSync(calls, 'utf8')).toBe('completion --list agents\n'.repeat(2));
    // A free-text value offers nothing, and is not taken for the command's positional.
    expect(complete('claude-hybrid run --model ')).toEqual([]);
    expect(complete('claude-hybrid run --model opus ')).toEqual([]);
  });

  it('completes positionals: agent names, workflow names and files, nothing for free text', () => {
    expect(complete('claude-hybrid --json agents show ')).toEqual(['engineer', 'qa', 'security']);
    expect(complete('claude-hybrid agents undeploy qa s')).toEqual(['security']);
    expect(complete('claude-hybrid memory add engineer ')).toEqual([]);
    expect(complete('claude-hybrid workflow run ')).toEqual(
      expect.arrayContaining(['code-review', 'release', 'notes.md']),
    );
    expect(complete('claude-hybrid agents validate no')).toEqual(['notes.md']);
    expect(complete('claude-hybrid run "a task" ')).toEqual([]);
  });
});
