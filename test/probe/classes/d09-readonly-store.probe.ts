import { join } from 'node:path';
import { makeReadOnly } from '../../support/read-only.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { probeProject } from './store-probe-helpers.js';

// D9: a read-only state.db made `memory list` and `memory add` fail with error[internal].
// Expected: store.readonly (exit 2) naming the file and how to fix it, from every command.

function readOnlyCase(
  name: string,
  target: 'state.db' | 'folder',
  argv: readonly string[],
): ProbeCase {
  return {
    name,
    run(): Promise<ProbeResult> {
      const project = probeProject();
      try {
        project.run(['memory', 'add', 'project', 'a fact before the file went read-only']);
        const path = target === 'folder' ? project.data : join(project.data, 'state.db');
        const undo = makeReadOnly(path);
        if (undo === undefined)
          return Promise.resolve({
            outcome: 'handled',
            detail: 'skipped: cannot make a file read-only here',
          });
        try {
          return Promise.resolve(refusal(project.run(argv), 'store.readonly'));
        } finally {
          undo();
        }
      } finally {
        project.cleanup();
      }
    },
  };
}

export const probe: ProbeClass = {
  id: 'D9',
  title: 'a read-only state.db or .claude-hybrid/ is store.readonly, not internal',
  cases: [
    readOnlyCase('memory list, read-only state.db', 'state.db', ['memory', 'list', 'project']),
    readOnlyCase('memory add, read-only state.db', 'state.db', [
      'memory',
      'add',
      'project',
      'x y z',
    ]),
    readOnlyCase('run, read-only state.db', 'state.db', ['run', 'x y', '--provider', 'sim']),
    readOnlyCase('events list, read-only state.db', 'state.db', ['events', 'list']),
    readOnlyCase('memory add, read-only .claude-hybrid/', 'folder', [
      'memory',
      'add',
      'project',
      'x y z',
    ]),
  ],
};
