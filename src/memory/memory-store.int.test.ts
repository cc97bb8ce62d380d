import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleChild } from '../../test/support/child-bundle.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import { parseMemoryFile } from './memory-file.js';
import { MemoryStore } from './memory-store.js';
import { distinctText } from './test-fixtures/distinct-text.js';

let writerBundle: ReturnType<typeof bundleChild>;

beforeAll(() => {
  writerBundle = bundleChild(new URL('./test-fixtures/memory-writer.ts', import.meta.url));
});
afterAll(() => {
  writerBundle.remove();
});

let temp: { dir: string; cleanup: () => void };
let db: string;
let memories: string;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-memory-');
  db = join(temp.dir, 'state.db');
  memories = join(temp.dir, 'memories');
  openStore({ path: db }).close(); // migrated before the writers race
});
afterEach(() => {
  temp.cleanup();
});

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  /** Resolves once the writer has printed `added N` with N ≥ `count`. */
  reached(count: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
}

function startWriter(agent: string, writer: number, count: number): Writer {
  const child = spawn(
    process.execPath,
    [writerBundle.path, db, memories, agent, String(writer), String(count)],
    {
      cwd: writerBundle.cwd,
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { count: number; resolve: () => void }[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const added = [...stdout.matchAll(/added (\d+)/g)].map((match) => Number(match[1]));
    const most = Math.max(-1, ...added);
    for (const waiter of waiters.splice(0)) {
      if (most >= waiter.count) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  return {
    child,
    ready: new Promise((resolve) => {
      child.stdout.on('data', () => {
        if (stdout.includes('ready\n')) resolve();
      });
    }),
    reached: (target) =>
      new Promise((resolve) => {
        waiters.push({ count: target, resolve });
      }),
    exited: new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        resolve({ code, signal, stderr });
      });
    }),
  };
}

function indexedCount(agent: string): number {
  const store = openStore({ path: db });
  try {
    const memory = new MemoryStore({ db: store.db, dir: memories });
    memory.fresh(agent);
    return memory.index.count(agent);
  } finally {
    store.close();
  }
}

describe('memory under concurrent writers', () => {
  it('loses and duplicates nothing when four processes add to one file at once', async () => {
    const perWriter = 150;
    const writers = [0, 1, 2, 3].map((writer) => startWriter('engineer', writer, perWriter));
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.child.stdin.write('go\n');
    const results = await Promise.all(writers.map((writer) => writer.exited));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });

    const { entries, problems } = parseMemoryFile(
      readFileSync(join(memories, 'engineer.md'), 'utf8'),
    );
    expect(problems).toEqual([]);
    const contents = entries.map((entry) => entry.content).sort();
    const expected = [0, 1, 2, 3]
      .flatMap((writer) =>
        Array.from({ length: perWriter }, (_, index) => distinctText(writer, index)),
      )
      .sort();
    expect(contents).toEqual(expected);
    // The index agrees with the file, and was not rebuilt to get there (it was kept in step).
    expect(indexedCount('engineer')).toBe(4 * perWriter);
  });

  it('leaves the file old or new, never torn, after kill -9, and the next use reconciles', async () => {
    const writer = startWriter('qa', 0, 100_000);
    await writer.ready;
    writer.child.stdin.write('go\n');
    await writer.reached(120);
    writer.child.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');

    const { entries, problems } = parseMemoryFile(readFileSync(join(memories, 'qa.md'), 'utf8'));
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(121);
    // Every add before the kill is there, in order, and nothing else.
    expect(entries.map((entry) => entry.content)).toEqual(
      Array.from({ length: entries.length }, (_, index) => distinctText(0, index)),
    );
    expect(indexedCount('qa')).toBe(entries.length);
  });
});
