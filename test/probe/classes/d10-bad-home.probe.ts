import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeReadOnly } from '../../support/read-only.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { hangOf, probeProject } from './store-probe-helpers.js';

// D10: CLAUDE_HYBRID_HOME pointing at a file gave error[internal] (EEXIST from mkdir), and under
// /proc every command spun at 100% CPU (Node's recursive mkdir retries ENOENT forever).
// Expected: fs.not_writable (exit 2) within a few seconds, for every command.

const DEADLINE_MS = 10_000;

function badHome(
  name: string,
  home: (dir: string) => string | undefined,
  argv: readonly string[],
): ProbeCase {
  return {
    name,
    run(): Promise<ProbeResult> {
      const project = probeProject(false);
      try {
        const path = home(project.dir);
        if (path === undefined)
          return Promise.resolve({ outcome: 'handled', detail: 'skipped here' });
        const result = project.run(argv, {
          timeoutMs: DEADLINE_MS,
          env: { CLAUDE_HYBRID_HOME: path },
        });
        return Promise.resolve(hangOf(result) ?? refusal(result, 'fs.not_writable'));
      } finally {
        project.cleanup();
      }
    },
  };
}

const aFile = (dir: string): string => {
  const file = join(dir, 'home-is-a-file');
  writeFileSync(file, 'not a folder\n');
  return file;
};
const underProc = (): string | undefined =>
  existsSync('/proc/self') ? '/proc/claude-hybrid-probe' : undefined;

const unwritableParent: ProbeCase = {
  name: 'a home that cannot be created (read-only parent)',
  run(): Promise<ProbeResult> {
    const project = probeProject(false);
    try {
      const parent = join(project.dir, 'locked');
      mkdirSync(parent);
      const undo = makeReadOnly(parent);
      if (undo === undefined)
        return Promise.resolve({ outcome: 'handled', detail: 'skipped here' });
      try {
        const result = project.run(['agents', 'list'], {
          timeoutMs: DEADLINE_MS,
          env: { CLAUDE_HYBRID_HOME: join(parent, 'home') },
        });
        return Promise.resolve(hangOf(result) ?? refusal(result, 'fs.not_writable'));
      } finally {
        undo();
      }
    } finally {
      project.cleanup();
    }
  },
};

/** An existing home that cannot be written: the commands that must write there refuse. */
function readOnlyHome(argv: readonly string[]): ProbeCase {
  return {
    name: `an existing read-only home: ${argv.join(' ')}`,
    run(): Promise<ProbeResult> {
      const project = probeProject(false);
      try {
        mkdirSync(project.home);
        const undo = makeReadOnly(project.home);
        if (undo === undefined)
          return Promise.resolve({ outcome: 'handled', detail: 'skipped here' });
        try {
          const result = project.run(argv, { timeoutMs: DEADLINE_MS });
          return Promise.resolve(hangOf(result) ?? refusal(result, 'fs.not_writable'));
        } finally {
          undo();
          // Should a daemon have started after all, it must not outlive the probe.
          project.run(['daemon', 'stop'], { timeoutMs: DEADLINE_MS });
        }
      } finally {
        project.cleanup();
      }
    },
  };
}

export const probe: ProbeClass = {
  id: 'D10',
  title: 'a bad CLAUDE_HYBRID_HOME is fs.not_writable, never internal or a hang',
  cases: [
    badHome('home is a file: run', aFile, ['run', 'x y', '--provider', 'sim']),
    badHome('home is a file: agents list', aFile, ['agents', 'list']),
    badHome('home below a file', (dir) => join(aFile(dir), 'below'), ['route', 'add tests']),
    badHome('home under /proc: agents list', underProc, ['agents', 'list']),
    badHome('home under /proc: run', underProc, ['run', 'x y', '--provider', 'sim']),
    unwritableParent,
    readOnlyHome(['run', 'x y', '--provider', 'sim']),
    readOnlyHome(['daemon', 'start', '--port', '0']),
  ],
};
