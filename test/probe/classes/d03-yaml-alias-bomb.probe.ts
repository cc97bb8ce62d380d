import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runBinary, tempProject } from '../../support/cli.js';
import { refusal, success } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';

// D3: "billion laughs" in an agent, config or workflow file. Each is refused with a named
// reason (exit 2); an agent file is reported and skipped, so listings keep working, even when
// the file sits in the user's ~/.claude/agents and would otherwise break every project.

/** Nine levels of nine aliases: 9^9 strings once expanded, under 400 bytes as text. */
function aliasBomb(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let previous = 'a';
  for (const name of 'bcdefghi') {
    text += `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]\n`;
    previous = name;
  }
  return text;
}

const REASON = 'alias bomb';
const AGENT = `---\nname: alias\ndescription: d\n${aliasBomb()}---\nbody\n`;

/** A fresh project with `file` (relative to the project, or to HOME with `~/`) written. */
function withFile(
  relative: string,
  text: string,
  check: (run: (argv: string[]) => ReturnType<typeof runBinary>) => ProbeResult,
): Promise<ProbeResult> {
  const project = tempProject();
  try {
    const run = (argv: string[]): ReturnType<typeof runBinary> =>
      runBinary(argv, { cwd: project.dir, env: project.env });
    const init = run(['init']);
    if (init.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: init.stderr });
    const file = relative.startsWith('~/')
      ? join(project.env.HOME ?? '', relative.slice(2))
      : join(project.dir, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return Promise.resolve(check(run));
  } finally {
    project.cleanup();
  }
}

/** Every command must succeed, and the listing must name the file as a problem. */
function agentListings(name: string, relative: string): ProbeCase {
  return {
    name,
    run: () =>
      withFile(relative, AGENT, (run) => {
        for (const argv of [
          ['agents', 'list'],
          ['route', 'fix the login bug'],
          ['run', 'fix the login bug', '--provider', 'sim'],
        ]) {
          const result = success(run(argv));
          if (result.outcome !== 'handled')
            return { ...result, detail: `${argv.join(' ')}: ${result.detail ?? ''}` };
        }
        const listed = run(['agents', 'list', '--json']);
        if (!listed.stdout.includes(REASON))
          return {
            outcome: 'crashed',
            detail: `agents list --json does not name the problem: ${listed.stdout.slice(0, 300)}`,
          };
        return { outcome: 'refused', detail: 'reported and skipped' };
      }),
  };
}

export const probe: ProbeClass = {
  id: 'D3',
  title: 'a YAML alias bomb is refused with a named reason; listings skip it',
  cases: [
    agentListings('agent file in ~/.claude/agents', '~/.claude/agents/alias.md'),
    agentListings('project agent file', '.claude-hybrid/agents/alias.md'),
    {
      name: 'agents validate names the reason',
      run: () =>
        withFile('.claude-hybrid/agents/alias.md', AGENT, (run) => {
          const result = run(['agents', 'validate']);
          return result.stdout.includes(REASON) || result.stderr.includes(REASON)
            ? { outcome: 'refused' }
            : { outcome: 'crashed', detail: `exit ${result.code}: ${result.stdout.slice(0, 300)}` };
        }),
    },
    {
      name: 'project config',
      run: () =>
        withFile('.claude-hybrid/config.yaml', `version: 1\n${aliasBomb()}`, (run) => {
          for (const argv of [
            ['config', 'validate'],
            ['route', 'fix the login bug'],
          ]) {
            const result = refusal(run(argv), 'config.yaml');
            if (result.outcome !== 'refused' || !(result.detail ?? '').includes(REASON))
              return { outcome: 'crashed', detail: `${argv.join(' ')}: ${result.detail ?? ''}` };
          }
          return { outcome: 'refused' };
        }),
    },
    {
      name: 'workflow file',
      run: () =>
        withFile(
          '.claude-hybrid/workflows/bomb.yaml',
          `version: 1\n${aliasBomb()}steps: []\n`,
          (run) => {
            const validate = run(['workflow', 'validate', 'bomb']);
            if (validate.code !== 2 || !validate.stderr.includes(REASON))
              return {
                outcome: 'crashed',
                detail: `workflow validate: exit ${validate.code}: ${validate.stderr.slice(0, 300)}`,
              };
            const result = refusal(
              run(['workflow', 'run', 'bomb', '--provider', 'sim']),
              'workflow.invalid',
            );
            return result.outcome === 'refused' && !(result.detail ?? '').includes(REASON)
              ? { outcome: 'crashed', detail: result.detail ?? '' }
              : result;
          },
        ),
    },
  ],
};
