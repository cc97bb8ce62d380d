import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBinary, tempProject } from '../../support/cli.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';

// The base the report found sound: a malformed project config is refused with a named error and
// left byte-identical.

function malformedConfig(name: string, text: string): ProbeCase {
  return {
    name,
    run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const init = runBinary(['init'], { cwd: project.dir, env: project.env });
        if (init.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: init.stderr });
        const file = join(project.dir, '.claude-hybrid', 'config.yaml');
        writeFileSync(file, text);
        const result = refusal(
          runBinary(['route', 'add tests'], { cwd: project.dir, env: project.env }),
        );
        if (readFileSync(file, 'utf8') !== text)
          return Promise.resolve({ outcome: 'lost', detail: 'config.yaml was rewritten' });
        return Promise.resolve(result);
      } finally {
        project.cleanup();
      }
    },
  };
}

export const probe: ProbeClass = {
  id: 'A0',
  title: 'malformed project config is refused and left as it was',
  cases: [
    malformedConfig('unclosed flow sequence', 'routing: [unclosed\n'),
    malformedConfig('tab indentation', 'routing:\n\tdefaultAgent: qa\n'),
    malformedConfig('wrong type', 'routing: 42\n'),
    malformedConfig('binary garbage', '\u0000\u0001\u0002\uFFFD'),
  ],
};
