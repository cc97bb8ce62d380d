import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, isolatedEnv, runBinary, runInProcess } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

describe('shell completion with the built CLI', () => {
  let home: string;
  let root: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempDir());
    root = join(home, 'project');
    mkdirSync(join(root, '.claude-hybrid', 'agents'), { recursive: true });
    writeFileSync(
      join(root, '.claude-hybrid', 'agents', 'release-manager.md'),
      '---\nname: release-manager\ndescription: Cuts releases.\n---\nRelease.\n',
    );
    env = isolatedEnv(home);
  });
  afterEach(() => {
    cleanup();
  });

  it('prints the script the build wrote, the same the full CLI prints', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const fast = runBinary(['completion', shell], { cwd: root, env });
      expect(fast).toMatchObject({ code: 0, stderr: '' });
      expect(fast.stdout).toBe(readFileSync(join(dirname(BUILT_CLI), 'completion', shell), 'utf8'));
      expect(fast.stdout).toBe(
        (await runInProcess(['completion', shell], { cwd: root, env })).stdout,
      );
    }
    // Help and mistakes are the full CLI's.
    expect(runBinary(['completion', '--help'], { cwd: root, env }).stdout).toMatch(/^Usage: /);
    expect(runBinary(['completion', 'csh'], { cwd: root, env }).code).toBe(2);
  });

  it('completes the project agents after run --agent in a real bash', () => {
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'claude-hybrid'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BUILT_CLI)} "$@"\n`,
    );
    chmodSync(join(bin, 'claude-hybrid'), 0o755);
    const program = [
      'source <(claude-hybrid completion bash) || exit 9',
      "COMP_WORDS=(claude-hybrid run --agent rel '')",
      'COMP_CWORD=3',
      '_claude_hybrid',
      'printf "%s\\n" "${COMPREPLY[@]}"',
      "COMP_WORDS=(claude-hybrid workflow run '')",
      'COMP_CWORD=3',
      '_claude_hybrid 2>/dev/null',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const result = spawnSync('bash', ['--norc', '-c', program], {
      cwd: root,
      env: { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining(['release-manager', 'code-review', 'feature-delivery']),
    );
    expect(result.stdout.split('\n')[0]).toBe('release-manager');
  });
});
