// Agent memory: add and search latency in process (search over 100,000 entries), recall's cost
// at 10,000 entries, four processes adding 1,000 entries each to one file at once (nothing lost,
// file and index agree), and kill -9 during writes (no torn file; the next use reconciles).
import { bundleForBench } from './bundle.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, percentile } from './harness.mjs';

const EXTERNAL = ['better-sqlite3'];

async function loadModules() {
  const file = bundleForBench(
    'memory',
    "export * from './src/memory/index.ts'; export { openStore } from './src/store/index.ts'; export { distinctText } from './src/memory/test-fixtures/distinct-text.ts';",
    EXTERNAL,
  );
  return import(file);
}

function writerBundle() {
  return bundleForBench(
    'memory-writer',
    "import './src/memory/test-fixtures/memory-writer.ts';",
    EXTERNAL,
  );
}

function project(modules) {
  const dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-bench-memory-'));
  const db = join(dir, 'state.db');
  const memories = join(dir, 'memories');
  const store = modules.openStore({ path: db });
  return {
    dir,
    db,
    memories,
    store,
    cleanup: () => (store.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

/** Timings of `action` over `runs` calls, in ms. */
function time(runs, action) {
  const samples = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    action(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Files of `perFile` distinct entries for `files` agents, written directly and indexed once. */
function fill(modules, where, files, perFile) {
  mkdirSync(where.memories, { recursive: true });
  for (let file = 0; file < files; file += 1) {
    const entries = Array.from({ length: perFile }, (_, index) => ({
      section: modules.MEMORY_SECTIONS[index % modules.MEMORY_SECTIONS.length],
      date: '2026-11-30',
      content: modules.distinctText(file, index),
    }));
    writeFileSync(
      join(where.memories, `agent-${file}.md`),
      modules.renderMemoryFile(`agent-${file}`, entries),
    );
  }
  const memory = new modules.MemoryStore({
    db: where.store.db,
    dir: where.memories,
    maxBytes: 1 << 30,
  });
  const start = performance.now();
  memory.freshAll();
  return { memory, indexMs: performance.now() - start };
}

function startWriter(bundle, where, agent, writer, count) {
  const child = spawn(process.execPath, [
    bundle,
    where.db,
    where.memories,
    agent,
    String(writer),
    String(count),
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const until = (pattern) =>
    new Promise((resolve) => {
      const check = () => (pattern.test(stdout) ? resolve() : child.stdout.once('data', check));
      check();
    });
  const exited = new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, until, exited };
}

export async function memory() {
  const modules = await loadModules();
  const results = [];

  // add, in process: 20 agents, 100 adds each, one file write per add.
  {
    const where = project(modules);
    try {
      const store = new modules.MemoryStore({ db: where.store.db, dir: where.memories });
      time(50, (index) => store.add(`warm-${index % 5}`, modules.distinctText(99, index)));
      const samples = time(2_000, (index) =>
        store.add(`agent-${index % 20}`, modules.distinctText(index % 20, index)),
      );
      results.push({
        name: 'memory.add.p50',
        value: median(samples),
        unit: 'ms',
        target: '<= 1 ms',
        pass: median(samples) <= 1,
        note: 'one entry into a file of up to 100, written atomically (fsync, rename) and indexed',
      });
    } finally {
      where.cleanup();
    }
  }

  // search over 100,000 entries, and recall at 10,000.
  {
    const where = project(modules);
    try {
      const { memory: store, indexMs } = fill(modules, where, 100, 1_000);
      results.push({
        name: 'memory.index.100k.build',
        value: indexMs,
        unit: 'ms',
        target: 'reported',
        pass: undefined,
      });
      const queries = Array.from({ length: 300 }, (_, index) => {
        const words = modules
          .distinctText((index * 37) % 100, (index * 101) % 1_000)
          .split(' ')
          .slice(0, 8);
        return `${words[index % 8]} ${words[(index + 3) % 8]} release notes`;
      });
      time(30, (index) => store.search(queries[index]));
      const samples = time(300, (index) => store.search(queries[index], { limit: 10 }));
      const p95 = percentile(samples, 95);
      results.push({
        name: 'memory.search.100k.p95',
        value: p95,
        unit: 'ms',
        target: '<= 5 ms',
        pass: p95 <= 5,
      });
    } finally {
      where.cleanup();
    }
  }
  {
    const where = project(modules);
    try {
      const { memory: store } = fill(modules, where, 10, 1_000);
      const count = (text) => Math.ceil(text.length / 4);
      const task = (index) =>
        `${modules
          .distinctText(index % 10, index)
          .split(' ')
          .slice(0, 3)
          .join(' ')} fix the failing export`;
      time(30, (index) =>
        modules.recall(store, `agent-${index % 10}`, task(index), { countTokens: count }),
      );
      const samples = time(300, (index) =>
        modules.recall(store, `agent-${index % 10}`, task(index), { countTokens: count }),
      );
      results.push({
        name: 'memory.recall.10k.p50',
        value: median(samples),
        unit: 'ms',
        target: '<= 3 ms',
        pass: median(samples) <= 3,
      });
    } finally {
      where.cleanup();
    }
  }

  const bundle = writerBundle();
  // 4 processes × 1,000 adds to one file at once.
  {
    const where = project(modules);
    try {
      const writers = [0, 1, 2, 3].map((writer) =>
        startWriter(bundle, where, 'shared', writer, 1_000),
      );
      await Promise.all(writers.map((writer) => writer.until(/ready\n/)));
      const start = performance.now();
      for (const writer of writers) writer.child.stdin.write('go\n');
      const exits = await Promise.all(writers.map((writer) => writer.exited));
      const seconds = (performance.now() - start) / 1000;
      const failed = exits.filter((exit) => exit.code !== 0).length;
      const text = readFileSync(join(where.memories, 'shared.md'), 'utf8');
      const { entries, problems } = modules.parseMemoryFile(text);
      const found = new Set(entries.map((entry) => entry.content));
      let lost = 0;
      for (let writer = 0; writer < 4; writer += 1)
        for (let index = 0; index < 1_000; index += 1)
          if (!found.has(modules.distinctText(writer, index))) lost += 1;
      const duplicated = entries.length - found.size;
      const store = new modules.MemoryStore({
        db: where.store.db,
        dir: where.memories,
        maxBytes: 1 << 30,
      });
      const indexedBefore = store.index.count('shared');
      results.push(
        {
          name: 'memory.concurrent.4x1000.lost',
          value: lost + failed,
          unit: 'entries',
          target: '0',
          pass: lost + failed === 0,
        },
        {
          name: 'memory.concurrent.4x1000.duplicated',
          value: duplicated,
          unit: 'entries',
          target: '0',
          pass: duplicated === 0,
        },
        {
          name: 'memory.concurrent.4x1000.index-agrees',
          value: indexedBefore === entries.length && problems.length === 0 ? 1 : 0,
          unit: 'bool',
          target: '1 (true)',
          pass: indexedBefore === entries.length && problems.length === 0,
          note: `${(4_000 / seconds).toFixed(0)} adds/s across the four processes`,
        },
      );
    } finally {
      where.cleanup();
    }
  }

  // kill -9 during writes, five times.
  {
    let torn = 0;
    let unreconciled = 0;
    for (let round = 0; round < 5; round += 1) {
      const where = project(modules);
      try {
        const writer = startWriter(bundle, where, 'victim', round, 100_000);
        await writer.until(/ready\n/);
        writer.child.stdin.write('go\n');
        await writer.until(new RegExp(`added ${100 + round * 50}\\n`));
        writer.child.kill('SIGKILL');
        await writer.exited;
        const { entries, problems } = modules.parseMemoryFile(
          readFileSync(join(where.memories, 'victim.md'), 'utf8'),
        );
        const expected = entries.every(
          (entry, index) => entry.content === modules.distinctText(round, index),
        );
        if (problems.length > 0 || !expected) torn += 1;
        const store = new modules.MemoryStore({
          db: where.store.db,
          dir: where.memories,
          maxBytes: 1 << 30,
        });
        store.fresh('victim');
        if (store.index.count('victim') !== entries.length) unreconciled += 1;
      } finally {
        where.cleanup();
      }
    }
    results.push(
      {
        name: 'memory.kill9.torn-files',
        value: torn,
        unit: 'files',
        target: '0 of 5',
        pass: torn === 0,
      },
      {
        name: 'memory.kill9.unreconciled',
        value: unreconciled,
        unit: 'indexes',
        target: '0 of 5',
        pass: unreconciled === 0,
      },
    );
  }
  return results;
}
