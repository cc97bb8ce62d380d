import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runInProcess } from '../../../test/support/cli.js';
import type { CliResult } from '../../../test/support/cli.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { VERSION } from '../../version.js';
import { COMMAND_TABLE } from '../completion/command-table.js';
import { completionScript } from '../completion/completion-script.js';

let home: string;
let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: home, cleanup } = makeTempDir());
  root = join(home, 'project');
  mkdirSync(join(root, '.claude-hybrid', 'agents'), { recursive: true });
  mkdirSync(join(root, '.claude-hybrid', 'workflows'));
});
afterEach(() => {
  cleanup();
});

const cli = (...argv: string[]): Promise<CliResult> =>
  runInProcess(argv, { cwd: root, env: isolatedEnv(home) });

describe('claude-hybrid completion', () => {
  it('prints the script for each shell, generated from the command table', async () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const result = await cli('completion', shell);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(completionScript(shell, COMMAND_TABLE, VERSION));
    }
  });

  it("lists this project's agents and workflows, one per line, for the scripts", async () => {
    writeFileSync(
      join(root, '.claude-hybrid', 'agents', 'release-manager.md'),
      '---\nname: release-manager\ndescription: Cuts releases.\n---\nRelease.\n',
    );
    writeFileSync(join(root, '.claude-hybrid', 'workflows', 'ship-it.yml'), 'name: ship-it\n');
    writeFileSync(join(root, '.claude-hybrid', 'workflows', 'notes.txt'), 'not a workflow\n');
    const agents = (await cli('completion', '--list', 'agents')).stdout.split('\n');
    expect(agents).toContain('release-manager');
    expect(agents).toContain('engineer');
    expect(agents.at(-1)).toBe('');
    const workflows = await cli('completion', '--list', 'workflows');
    expect(workflows.stdout).toBe('code-review\nfeature-delivery\nincident-triage\nship-it\n');
  });

  it('answers a missing or unknown shell or list with a one-line error and exit 2', async () => {
    for (const [argv, message] of [
      [['completion'], /name the shell: bash, zsh or fish/],
      [['completion', 'tcsh'], /no completion for the shell "tcsh"/],
      [['completion', '--list', 'models'], /--list must be agents or workflows; got "models"/],
      [['completion', 'bash', '--list', 'agents'], /--list takes no shell/],
    ] as const) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toMatch(message);
    }
  });

  it('explains how to install in its help', async () => {
    const help = await cli('completion', '--help');
    expect(help.stdout).toContain('source <(claude-hybrid completion bash)');
    expect(help.stdout).toContain('fpath=(~/.zfunc $fpath)');
    expect(help.stdout).toContain('~/.config/fish/completions/claude-hybrid.fish');
  });
});
