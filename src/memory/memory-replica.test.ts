import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { captureLearnings } from './capture.js';
import { MemoryReplica } from './memory-replica.js';
import { MemoryStore } from './memory-store.js';
import type { LoggedMemory, LoggedMemoryRow, SharedMemoryLog } from './shared-memory-log.js';

/** The log as Postgres keeps it: ids ascending, one row per (agent, section, content). */
class FakeLog implements SharedMemoryLog {
  readonly rows: LoggedMemoryRow[] = [];
  failing: Error | undefined;
  reads = 0;
  append(entries: readonly LoggedMemory[], origin: string): Promise<void> {
    if (this.failing !== undefined) return Promise.reject(this.failing);
    for (const entry of entries) {
      const same = this.rows.some(
        (row) =>
          row.agent === entry.agent &&
          row.section === entry.section &&
          row.content === entry.content,
      );
      if (!same) this.rows.push({ ...entry, origin, id: this.rows.length + 1 });
    }
    return Promise.resolve();
  }
  identity(): Promise<string> {
    return this.failing === undefined ? Promise.resolve('log-1') : Promise.reject(this.failing);
  }
  rowsAfter(afterId: number, limit: number): Promise<LoggedMemoryRow[]> {
    this.reads += 1;
    return Promise.resolve(this.rows.filter((row) => row.id > afterId).slice(0, limit));
  }
}

interface Machine {
  readonly store: Store;
  readonly memory: MemoryStore;
  readonly replica: MemoryReplica;
  readonly warnings: string[];
  readonly dir: string;
}

let temp: { dir: string; cleanup: () => void };
let log: FakeLog;
let machines: Machine[];
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-replica-');
  log = new FakeLog();
  machines = [];
});
afterEach(() => {
  for (const machine of machines) machine.store.close();
  temp.cleanup();
});

function machine(name: string, day: number, batchSize?: number): Machine {
  const store = openStore({ path: join(temp.dir, `${name}.db`) });
  const warnings: string[] = [];
  const replica = new MemoryReplica({
    log,
    origin: `host:${name}`,
    warn: (message) => warnings.push(message),
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  const dir = join(temp.dir, name);
  const memory = new MemoryStore({
    db: store.db,
    dir,
    now: () => Date.UTC(2026, 11, day, 12),
    onAdded: replica.push,
  });
  const created = { store, memory, replica, warnings, dir };
  machines.push(created);
  return created;
}

const contents = (machine: Machine, agent: string): string[] =>
  machine.memory
    .show(agent)
    .entries.map((entry) => `${entry.section} ${entry.date} ${entry.content}`);

describe('MemoryReplica', () => {
  it('carries an added entry and a captured learning to another project, section and date kept', async () => {
    const a = machine('a', 1);
    const b = machine('b', 5);
    a.memory.add('engineer', 'Use pnpm, not npm, in this repository', 'Environment');
    captureLearnings(
      a.memory,
      'engineer',
      'Done.\n\n# Remember:\nType: gotcha\nContent: The report command parses flags in cli/report.ts',
    );
    await a.replica.flush();
    expect(log.rows.map((row) => [row.agent, row.origin])).toEqual([
      ['engineer', 'host:a'],
      ['engineer', 'host:a'],
    ]);

    expect(await b.replica.pull(b.memory)).toBe(2);
    expect(contents(b, 'engineer')).toEqual([
      'Environment 2026-12-01 Use pnpm, not npm, in this repository',
      'Gotchas 2026-12-01 The report command parses flags in cli/report.ts',
    ]);
    // What B applied is not pushed back.
    await b.replica.flush();
    expect(log.rows).toHaveLength(2);
  });

  it('applies each row once: a second pull adds nothing, and its own rows are skipped', async () => {
    const a = machine('a', 1);
    const b = machine('b', 2);
    a.memory.add('project', 'Production deploys only on weekdays', 'Critical');
    await a.replica.flush();
    expect(await b.replica.pull(b.memory)).toBe(1);
    const file = join(b.dir, 'project.md');
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    expect(await b.replica.pull(b.memory)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before.text);
    expect(statSync(file).mtimeMs).toBe(before.mtime);

    // A's own row moves its position without touching its file.
    const own = join(a.dir, 'project.md');
    const ownBefore = statSync(own).mtimeMs;
    expect(await a.replica.pull(a.memory)).toBe(0);
    expect(statSync(own).mtimeMs).toBe(ownBefore);
    expect(contents(a, 'project')).toEqual([
      'Critical 2026-12-01 Production deploys only on weekdays',
    ]);
  });

  it('pushes the same learning from two projects as one row, and merges it into the twin', async () => {
    const a = machine('a', 1);
    const b = machine('b', 3);
    a.memory.add('engineer', 'Run the linter before every commit', 'Patterns');
    b.memory.add('engineer', 'Run the linter before every commit', 'Patterns');
    await Promise.all([a.replica.flush(), b.replica.flush()]);
    expect(log.rows).toHaveLength(1);
    expect(await b.replica.pull(b.memory)).toBe(1);
    // The entry B already had is the newer: it stays, once.
    expect(contents(b, 'engineer')).toEqual([
      'Patterns 2026-12-03 Run the linter before every commit',
    ]);
  });

  it('pushes what an import adds or rewrites, with the dates it kept', async () => {
    const a = machine('a', 9);
    a.memory.add('engineer', 'Deploys go through the release train', 'Decisions');
    await a.replica.flush();
    a.memory.importAll([
      {
        agent: 'engineer',
        entries: [
          {
            content: 'Deploys go through the release train',
            section: 'Decisions',
            date: '2026-11-02',
          },
          { content: 'Feature flags live in config/flags.yaml', date: '2026-11-03' },
        ],
      },
    ]);
    await a.replica.flush();
    // The older copy of an entry already there changes nothing and is not pushed again.
    expect(log.rows.map((row) => `${row.date} ${row.content}`)).toEqual([
      '2026-12-09 Deploys go through the release train',
      '2026-11-03 Feature flags live in config/flags.yaml',
    ]);
  });

  it('catches up in batches', async () => {
    const a = machine('a', 1);
    const b = machine('b', 2, 2);
    a.memory.addMany('qa', [
      { content: 'Flaky test: the upload spec times out on CI' },
      { content: 'Snapshot files live next to their tests' },
      { content: 'The staging database resets every night at 02:00' },
      { content: 'Use the fake clock for scheduler tests' },
      { content: 'Coverage gates at 80 percent of lines' },
    ]);
    await a.replica.flush();
    expect(await b.replica.pull(b.memory)).toBe(5);
    expect(log.reads).toBe(3);
    expect(b.memory.show('qa').entries).toHaveLength(5);
  });

  it('reports a failed push or pull once and never throws from an add', async () => {
    const a = machine('a', 1);
    log.failing = new Error('connect ECONNREFUSED 127.0.0.1:1');
    expect(a.memory.add('engineer', 'Retry the build once on a network error').status).toBe(
      'added',
    );
    a.memory.add('engineer', 'Cache the node_modules folder between CI jobs');
    await a.replica.flush();
    await expect(a.replica.pull(a.memory)).rejects.toThrow('ECONNREFUSED');
    a.replica.report('read from', new Error('again'));
    expect(a.warnings).toEqual([
      'memory was not written to the shared store: connect ECONNREFUSED 127.0.0.1:1',
    ]);
    // Reachable again: the identity is asked anew.
    log.failing = undefined;
    expect(await a.replica.pull(a.memory)).toBe(0);
  });
});
