import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBinary, tempProject } from '../../support/cli.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';

// D8: routing.defaultAgent is an agent name. A value that is not one (a path, invalid UTF-8) is
// refused by `config validate` and every command; one that names no agent is refused by `route`
// and `run` when the task would fall back to it, instead of answering with an agent that has
// no file.

function withConfig(
  name: string,
  config: string | Buffer,
  commands: readonly (readonly string[])[],
  code: string,
): ProbeCase {
  return {
    name,
    run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const run = (argv: readonly string[]): ReturnType<typeof runBinary> =>
          runBinary(argv, { cwd: project.dir, env: project.env });
        const init = run(['init']);
        if (init.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: init.stderr });
        writeFileSync(join(project.dir, '.claude-hybrid', 'config.yaml'), config);
        for (const argv of commands) {
          // `config validate` lists the problems on stdout, without an error line.
          const validate = argv[0] === 'config';
          const ran = run(argv);
          const result = refusal(ran, validate ? undefined : code);
          if (validate && !ran.stdout.includes('routing.defaultAgent'))
            return Promise.resolve({
              outcome: 'crashed',
              detail: `config validate: ${ran.stdout}`,
            });
          if (result.outcome !== 'refused')
            return Promise.resolve({
              ...result,
              detail: `${argv.join(' ')}: ${result.detail ?? ''}`,
            });
        }
        return Promise.resolve({ outcome: 'refused' });
      } finally {
        project.cleanup();
      }
    },
  };
}

const ALL = [
  ['config', 'validate'],
  ['route', 'xyzzy plugh', '--json'],
  ['run', 'xyzzy plugh', '--provider', 'sim'],
] as const;

export const probe: ProbeClass = {
  id: 'D8',
  title: 'routing.defaultAgent is validated as an agent name',
  cases: [
    withConfig(
      'a path',
      'version: 1\nrouting:\n  defaultAgent: "../../etc/x"\n',
      ALL,
      'config.invalid',
    ),
    withConfig(
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('version: 1\nrouting:\n  defaultAgent: "'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"\n'),
      ]),
      ALL,
      'config.invalid',
    ),
    withConfig(
      'no such agent',
      'version: 1\nagents:\n  bundled: false\nrouting:\n  defaultAgent: nobody\n',
      [ALL[1], ALL[2]],
      'routing.no_default_agent',
    ),
  ],
};
