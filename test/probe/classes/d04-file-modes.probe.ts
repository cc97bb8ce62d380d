import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { looseModes, probeProject } from './store-probe-helpers.js';

// D4: data files were created world-readable (0644, home 0755) and the daemon's WAL held a
// prompt with a password. A file readable by another user counts as `lost` here: the data got
// out. Expected: every folder 0700 and every file 0600 under the home and .claude-hybrid/.

function exposed(roots: readonly string[]): ProbeResult {
  const loose = roots.flatMap(looseModes);
  return loose.length === 0
    ? { outcome: 'handled' }
    : { outcome: 'lost', detail: `readable by others: ${loose.slice(0, 5).join(', ')}` };
}

const freshInstall: ProbeCase = {
  name: 'init, run, memory add and cache under umask 022',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      for (const argv of [
        ['run', 'write tests for the parser', '--provider', 'sim'],
        ['memory', 'add', 'project', 'my password is hunter2'],
        ['cache', 'stats'],
      ]) {
        const result = project.run(argv);
        if (result.code !== 0)
          return Promise.resolve({
            outcome: 'crashed',
            detail: `${argv.join(' ')}: ${result.stderr}`,
          });
      }
      return Promise.resolve(exposed([project.home, project.data]));
    } finally {
      project.cleanup();
    }
  },
};

function loosen(root: string): void {
  chmodSync(root, 0o755);
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (lstatSync(path).isDirectory()) loosen(path);
    else chmodSync(path, 0o644);
  }
}

const olderInstall: ProbeCase = {
  name: 'an install left at 0755/0644 by an older release is tightened on open',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      project.run(['memory', 'add', 'project', 'written by an older release']);
      loosen(project.home);
      loosen(project.data);
      const result = project.run(['memory', 'list']);
      if (result.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: result.stderr });
      return Promise.resolve(exposed([project.home, project.data]));
    } finally {
      project.cleanup();
    }
  },
};

export const probe: ProbeClass = {
  id: 'D4',
  title: 'data files and folders are owner-only (0600/0700), older installs tightened',
  cases: [freshInstall, olderInstall],
};
