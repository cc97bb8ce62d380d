import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBinary, tempProject } from '../../support/cli.js';
import type { CliResult } from '../../support/cli.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';

// D6: terminal escape sequences from repository files (an OSC 52 clipboard write, a screen
// clear) must never reach the terminal: agent descriptions and prompts, workflow names and
// descriptions, and error messages that quote a file are all printed with controls escaped.

const HOSTILE = '\x1b]52;c;ZWNobyBwd25lZA==\x07 then \x1b[2J\x1b[31mRED\x9b2J';
/** YAML double-quoted form of HOSTILE (YAML's \e is ESC, \a BEL). */
const HOSTILE_YAML = '\\e]52;c;ZWNobyBwd25lZA==\\a then \\e[2J\\e[31mRED\\x9b2J';

/** The only ESC sequences allowed: the CLI's own colours, and only when colour was asked for. */
function rawControls(output: string, colour: boolean): string | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const rest = colour ? output.replace(/\x1b\[(?:1|2|22|31|32|33|36|39)m/g, '') : output;
  // eslint-disable-next-line no-control-regex -- as above
  const found = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.exec(rest);
  if (found === null) return undefined;
  const at = found.index;
  return JSON.stringify(rest.slice(Math.max(0, at - 40), at + 40));
}

function clean(label: string, result: CliResult, colour = false): ProbeResult | undefined {
  if (result.stderr.includes('error[internal]'))
    return { outcome: 'crashed', detail: `${label}: ${result.stderr.slice(0, 300)}` };
  const leaked = rawControls(result.stdout, colour) ?? rawControls(result.stderr, colour);
  return leaked === undefined
    ? undefined
    : { outcome: 'lost', detail: `${label} printed raw control characters: ${leaked}` };
}

function inProject(
  name: string,
  setup: (dir: string) => void,
  commands: readonly (readonly string[])[],
  check?: (results: readonly CliResult[]) => ProbeResult | undefined,
): ProbeCase {
  return {
    name,
    run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const run = (argv: readonly string[]): CliResult =>
          runBinary(argv, { cwd: project.dir, env: project.env });
        const init = run(['init']);
        if (init.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: init.stderr });
        setup(project.dir);
        const results: CliResult[] = [];
        for (const argv of commands) {
          const result = run(argv);
          results.push(result);
          const problem = clean(argv.join(' '), result, argv.includes('--color'));
          if (problem !== undefined) return Promise.resolve(problem);
        }
        return Promise.resolve(check?.(results) ?? { outcome: 'handled' });
      } finally {
        project.cleanup();
      }
    },
  };
}

const writeAgent = (dir: string): void => {
  writeFileSync(
    join(dir, '.claude-hybrid', 'agents', 'esc-agent.md'),
    `---\nname: esc-agent\ndescription: "Harmless ${HOSTILE_YAML} helper"\nkeywords: [escape]\n---\nYou help. ${HOSTILE}\n`,
  );
};

export const probe: ProbeClass = {
  id: 'D6',
  title: 'terminal escapes from repository files never reach the terminal',
  cases: [
    inProject(
      'agent description and prompt',
      writeAgent,
      [
        ['agents', 'list'],
        ['agents', 'list', '--color'],
        ['agents', 'show', 'esc-agent'],
        ['agents', 'show', 'esc-agent', '--color'],
        ['agents', 'validate'],
        ['route', 'escape helper'],
        ['agents', 'list', '--json'],
      ],
      (results) => {
        const json = results.at(-1)?.stdout ?? '';
        try {
          const listed = JSON.stringify(JSON.parse(json));
          return listed.includes('\\u001b]52')
            ? { outcome: 'handled' }
            : { outcome: 'lost', detail: `--json lost the description: ${json.slice(0, 200)}` };
        } catch {
          return { outcome: 'lost', detail: `--json is not JSON: ${json.slice(0, 200)}` };
        }
      },
    ),
    inProject(
      'workflow name and description',
      (dir) => {
        mkdirSync(join(dir, '.claude-hybrid', 'workflows'), { recursive: true });
        writeFileSync(
          join(dir, '.claude-hybrid', 'workflows', 'esc.yaml'),
          `version: 1\nname: "esc${HOSTILE_YAML}"\ndescription: "${HOSTILE_YAML}"\nsteps:\n  - id: "a${HOSTILE_YAML}"\n    task: t\n`,
        );
      },
      [
        ['workflow', 'validate', '.claude-hybrid/workflows/esc.yaml'],
        ['workflow', 'run', '.claude-hybrid/workflows/esc.yaml', '--provider', 'sim'],
      ],
    ),
    inProject(
      'an error message quoting a JSON file',
      (dir) => {
        mkdirSync(join(dir, '.claude'), { recursive: true });
        writeFileSync(join(dir, '.claude', 'settings.local.json'), '{"a": \x1b]0;PWNED\x07 1}');
      },
      [['hooks', 'install']],
    ),
    inProject('an unknown command and agent named with escapes', () => undefined, [
      [`agents${HOSTILE}`],
      ['run', 'x', '--agent', `a${HOSTILE}`, '--provider', 'sim'],
    ]),
  ],
};
