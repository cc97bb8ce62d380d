import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, isolatedEnv } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

// Issue 15 item 4: nothing that holds user data is readable by another user. Real commands run
// under umask 022 (the usual default, which made every file 0644 before); then every folder
// under the home and the project's .claude-hybrid/ must be 0700 and every file 0600. An older
// install (0755/0644) is tightened by the next command that opens it.

let temp: { dir: string; cleanup: () => void };
let home: string;
let project: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-modes-');
  home = join(temp.dir, '.claude-hybrid');
  project = join(temp.dir, 'project');
  mkdirSync(project);
  env = isolatedEnv(temp.dir, { CLAUDE_HYBRID_HOME: home });
});
afterEach(() => {
  temp.cleanup();
});

/** The built CLI under umask 022, whatever this process's umask is. */
function cli(argv: readonly string[], stdin?: string): CliResult {
  const result = spawnSync(
    '/bin/sh',
    ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BUILT_CLI, ...argv],
    {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: 60_000,
      ...(stdin === undefined ? {} : { input: stdin }),
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function ok(argv: readonly string[]): string {
  const result = cli(argv);
  expect([argv.join(' '), result.code, result.stderr.includes('error[')]).toEqual([
    argv.join(' '),
    0,
    false,
  ]);
  return result.stdout;
}

/** Every path under `root` whose mode is not 0700 (folders) or 0600 (files), with its mode. */
function looseModes(root: string): string[] {
  const loose: string[] = [];
  const visit = (path: string): void => {
    const stats = lstatSync(path);
    const mode = stats.mode & 0o777;
    if (stats.isDirectory()) {
      if (mode !== 0o700) loose.push(`${mode.toString(8)} ${path}`);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stats.isFile() && mode !== 0o600) loose.push(`${mode.toString(8)} ${path}`);
  };
  visit(root);
  return loose;
}

function allPaths(root: string): string[] {
  const paths: string[] = [root];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (lstatSync(path).isDirectory()) paths.push(...allPaths(path));
    else paths.push(path);
  }
  return paths;
}

async function postPrompt(): Promise<void> {
  const info = JSON.parse(readFileSync(join(home, 'daemon.json'), 'utf8')) as { port: number };
  const token = readFileSync(join(home, 'daemon.token'), 'utf8').trim();
  const response = await fetch(`http://127.0.0.1:${info.port}/hooks/UserPromptSubmit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 's', cwd: temp.dir, prompt: 'my password is hunter2' }),
  });
  expect(response.status).toBe(200);
}

describe('file modes', () => {
  it(
    'every file the commands write is 0600 and every folder 0700, daemon included',
    { timeout: 120_000 },
    async () => {
      ok(['init']);
      ok(['run', 'write tests for the parser', '--provider', 'sim']);
      ok(['memory', 'add', 'project', 'The staging password lives in the vault']);
      ok(['memory', 'export']);
      writeFileSync(
        join(temp.dir, 'export.json'),
        JSON.stringify({
          format: 1,
          memories: {
            project: [{ section: 'Notes', date: '2025-01-02', content: 'imported fact' }],
          },
        }),
      );
      ok(['memory', 'import', join(temp.dir, 'export.json')]);
      ok(['cache', 'stats']);
      ok(['route', 'add tests']);
      ok(['daemon', 'start', '--port', '0']);
      try {
        await postPrompt();
      } finally {
        ok(['daemon', 'stop']);
      }
      const dbs = allPaths(home).filter((path) => /daemon\.db/.test(path));
      expect(dbs.length).toBeGreaterThan(0);
      expect(looseModes(home)).toEqual([]);
      expect(looseModes(join(project, '.claude-hybrid'))).toEqual([]);
    },
  );

  it('tightens an older install left at 0755/0644 on the next command', { timeout: 60_000 }, () => {
    ok(['init']);
    ok(['memory', 'add', 'project', 'A fact written by an older release']);
    for (const root of [home, join(project, '.claude-hybrid')])
      for (const path of allPaths(root))
        chmodSync(path, lstatSync(path).isDirectory() ? 0o755 : 0o644);
    expect(looseModes(home)).not.toEqual([]);
    ok(['memory', 'list']);
    expect(looseModes(home)).toEqual([]);
    expect(looseModes(join(project, '.claude-hybrid'))).toEqual([]);
  });
});
