import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { waitFor } from '../../support/wait.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { daemonPids, inProject, killQuietly } from './daemon-probe-support.js';
import type { ProbeProject } from './daemon-probe-support.js';

// D13: the spool is drained exactly once. A daemon killed with SIGKILL in the middle of a drain
// leaves files it had recorded but not yet deleted; the next daemon replays them, and the
// events' keys make the replay a no-op: 0 lost, 0 recorded twice.

const DAEMON = fileURLToPath(new URL('../../../dist/daemon.cjs', import.meta.url));
const EVENTS = 3_000;

/** Leaves `count` Notification events in the spool, as the relay would, for `project`. */
function spool(project: ProbeProject, count: number): string {
  const dir = join(project.home, 'spool');
  mkdirSync(dir, { recursive: true });
  const base = Date.now();
  for (let index = 0; index < count; index += 1) {
    const input = JSON.stringify({ session_id: `S${index}`, cwd: project.dir, message: 'm' });
    writeFileSync(
      join(dir, `${String(base).padStart(14, '0')}-1-${String(index).padStart(6, '0')}.json`),
      `${JSON.stringify({ event: 'Notification', input })}\n`,
    );
  }
  return dir;
}

function recorded(project: ProbeProject): { rows: number; sessions: number } {
  const db = new Database(join(project.dir, '.claude-hybrid', 'state.db'), { readonly: true });
  try {
    const row = db
      .prepare(
        "SELECT count(*) AS rows, count(DISTINCT session) AS sessions FROM events WHERE type = 'hook.Notification'",
      )
      .get() as { rows: number; sessions: number };
    return row;
  } finally {
    db.close();
  }
}

const pending = (dir: string): number =>
  readdirSync(dir).filter((name) => name.endsWith('.json')).length;

function verdict(project: ProbeProject, expected: number): ProbeResult {
  const { rows, sessions } = recorded(project);
  if (sessions < expected) return { outcome: 'lost', detail: `${sessions} of ${expected} kept` };
  if (rows !== expected) return { outcome: 'lost', detail: `${rows} rows for ${expected} events` };
  return { outcome: 'handled', detail: `${rows} rows` };
}

const killedDuringDrain: ProbeCase = {
  name: `SIGKILL during a ${EVENTS}-event drain, then a new daemon: 0 lost, 0 twice`,
  run: () =>
    inProject(async (project): Promise<ProbeResult> => {
      if ((await project.cli(['init'])).code !== 0) return { outcome: 'crashed' };
      const dir = spool(project, EVENTS);
      const child = spawn(process.execPath, [DAEMON, '--port', '0'], {
        env: project.env,
        stdio: 'ignore',
      });
      // Killed once it has drained some, but far from all.
      await waitFor(() => pending(dir) < EVENTS - 300, 20_000, 2);
      killQuietly(child.pid ?? 0);
      await new Promise((resolve) => child.once('exit', resolve));
      const left = pending(dir);
      if (left === 0) return { outcome: 'crashed', detail: 'the drain ended before the kill' };
      const start = await project.cli(['daemon', 'start', '--port', '0']);
      if (start.code !== 0) return { outcome: 'crashed', detail: start.stderr };
      await waitFor(() => pending(dir) === 0, 30_000, 20);
      return verdict(project, EVENTS);
    }),
};

const replayedFile: ProbeCase = {
  name: 'the same spool file dropped again after it was drained: recorded once',
  run: () =>
    inProject(async (project): Promise<ProbeResult> => {
      if ((await project.cli(['init'])).code !== 0) return { outcome: 'crashed' };
      const dir = spool(project, 5);
      const saved = join(project.dir, 'saved');
      mkdirSync(saved);
      for (const name of readdirSync(dir)) copyFileSync(join(dir, name), join(saved, name));
      const start = await project.cli(['daemon', 'start', '--port', '0']);
      if (start.code !== 0) return { outcome: 'crashed', detail: start.stderr };
      await waitFor(() => pending(dir) === 0, 10_000, 10);
      for (const name of readdirSync(saved)) copyFileSync(join(saved, name), join(dir, name));
      await waitFor(() => pending(dir) === 0, 10_000, 10);
      if (daemonPids(project.home).length !== 1) return { outcome: 'crashed' };
      return verdict(project, 5);
    }),
};

export const probe: ProbeClass = {
  id: 'D13',
  title: 'spooled hook events are recorded exactly once, across SIGKILL and replays',
  cases: [killedDuringDrain, replayedFile],
};
