import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../support/temp-dir.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { inProject } from './daemon-probe-support.js';
import type { ProbeProject } from './daemon-probe-support.js';

// D11 and newcomer finding 7: a repository that links .claude/settings.local.json (or .claude/)
// to a tracked file must not receive the daemon token; the token-bearing files are git-ignored;
// backups do not pile up.

const VICTIM = '{"name":"victim"}\n';

function gitInit(dir: string): void {
  spawnSync('git', ['init', '-q', '.'], { cwd: dir });
}

async function token(project: ProbeProject): Promise<string> {
  const start = await project.cli(['daemon', 'start']);
  if (start.code !== 0) throw new Error(start.stderr);
  return readFileSync(join(project.home, 'daemon.token'), 'utf8').trim();
}

function linkedSettings(command: readonly string[], file = 'settings.local.json'): ProbeCase {
  return {
    name: `${command.join(' ')} with .claude/${file} -> ../package.json`,
    run: () =>
      inProject(async (project): Promise<ProbeResult> => {
        gitInit(project.dir);
        writeFileSync(join(project.dir, 'package.json'), VICTIM);
        mkdirSync(join(project.dir, '.claude'));
        symlinkSync('../package.json', join(project.dir, '.claude', file));
        const init = await project.cli(['init']);
        if (init.code !== 0) return { outcome: 'crashed', detail: init.stderr };
        const secret = await token(project);
        const result = refusal(await project.cli(command), 'hooks.symlinked_settings');
        const after = readFileSync(join(project.dir, 'package.json'), 'utf8');
        if (after !== VICTIM || after.includes(secret))
          return { outcome: 'lost', detail: 'package.json was written' };
        return result;
      }),
  };
}

const linkedClaudeDir: ProbeCase = {
  name: 'init --claude-code with .claude -> a folder outside the project',
  run: () =>
    inProject(async (project): Promise<ProbeResult> => {
      const { dir: outside, cleanup } = makeTempDir();
      try {
        symlinkSync(outside, join(project.dir, '.claude'));
        const result = refusal(
          await project.cli(['init', '--claude-code']),
          'hooks.symlinked_settings',
        );
        const written = readdirSync(outside);
        if (written.length > 0)
          return { outcome: 'lost', detail: `written outside: ${written.join(', ')}` };
        return result;
      } finally {
        cleanup();
      }
    }),
};

const gitignored: ProbeCase = {
  name: 'hooks install in a git work tree: settings.local.json and backups git-ignored, one backup',
  run: () =>
    inProject(async (project): Promise<ProbeResult> => {
      gitInit(project.dir);
      if ((await project.cli(['init'])).code !== 0) return { outcome: 'crashed' };
      await token(project);
      mkdirSync(join(project.dir, '.claude'), { recursive: true });
      writeFileSync(join(project.dir, '.claude', 'settings.local.json'), '{"model":"x"}\n');
      for (let round = 0; round < 3; round += 1) {
        const install = await project.cli(['hooks', 'install']);
        if (install.code !== 0) return { outcome: 'crashed', detail: install.stderr };
        await project.cli(['daemon', 'restart', '--port', '0']);
      }
      const ignore = readFileSync(join(project.dir, '.gitignore'), 'utf8');
      if (!ignore.includes('.claude/settings.local.json') || !ignore.includes('.claude-hybrid.bak'))
        return { outcome: 'crashed', detail: `.gitignore: ${ignore}` };
      const check = spawnSync('git', ['check-ignore', '-q', '.claude/settings.local.json'], {
        cwd: project.dir,
      });
      if (check.status === 1) return { outcome: 'crashed', detail: 'git does not ignore it' };
      const backups = readdirSync(join(project.dir, '.claude')).filter((name) =>
        name.endsWith('.bak'),
      );
      if (backups.length > 1) return { outcome: 'crashed', detail: backups.join(', ') };
      const backup = join(project.dir, '.claude', 'settings.local.json.claude-hybrid.bak');
      if (existsSync(backup) && readFileSync(backup, 'utf8') !== '{"model":"x"}\n')
        return { outcome: 'lost', detail: "the backup no longer holds the user's file" };
      return { outcome: 'handled' };
    }),
};

export const probe: ProbeClass = {
  id: 'D11',
  title: 'the daemon token never goes through a symlink out of .claude/; its files are ignored',
  cases: [
    linkedSettings(['hooks', 'install']),
    linkedSettings(['hooks', 'install', '--scope', 'project'], 'settings.json'),
    linkedSettings(['init', '--claude-code']),
    linkedClaudeDir,
    gitignored,
  ],
};
