import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { probeProject } from './store-probe-helpers.js';

// D14: a 0-byte state.db was silently re-created: events, runs and workflow history gone without
// a word. Expected: store.empty (exit 2) naming the file, and the file left as it is.

function emptyStore(argv: readonly string[]): ProbeCase {
  return {
    name: argv.join(' '),
    run(): Promise<ProbeResult> {
      const project = probeProject();
      try {
        const path = join(project.data, 'state.db');
        writeFileSync(path, '');
        const result = refusal(project.run(argv), 'store.empty');
        if (statSync(path).size !== 0)
          return Promise.resolve({ outcome: 'lost', detail: 'the empty state.db was re-created' });
        if (result.outcome === 'refused' && !(result.detail ?? '').includes(path))
          return Promise.resolve({
            outcome: 'crashed',
            detail: `the file is not named: ${result.detail ?? ''}`,
          });
        return Promise.resolve(result);
      } finally {
        project.cleanup();
      }
    },
  };
}

export const probe: ProbeClass = {
  id: 'D14',
  title: 'an empty state.db is reported, not re-created',
  cases: [
    emptyStore(['memory', 'list']),
    emptyStore(['run', 'x y', '--provider', 'sim']),
    emptyStore(['events', 'list']),
    emptyStore(['init']),
  ],
};
