import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../test/support/child-bundle.js';
import { LATEST_SCHEMA_VERSION, openStore } from './index.js';
import { BATCH_SIZE, EVENTS_PER_WRITER } from './test-fixtures/concurrent-writer-plan.js';

const WRITERS = 4;
let writerBundle: ReturnType<typeof bundleChild>;
let dir: string;

beforeAll(() => {
  writerBundle = bundleChild(new URL('./test-fixtures/concurrent-writer.ts', import.meta.url));
  dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-concurrent-'));
});

afterAll(() => {
  writerBundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
}

function startWriter(path: string, source: string): Writer {
  const child = spawn(process.execPath, [writerBundle.path, path, source], {
    cwd: writerBundle.cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stderr });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) resolve();
    });
    exited.then(({ code }) => {
      reject(new Error(`${source} exited with ${code} before it was ready: ${stderr}`));
    }, reject);
  });
  return { child, ready, exited };
}

describe('concurrent writers', () => {
  it('four processes migrate one fresh database once and lose or duplicate no event', async () => {
    const path = join(dir, '.claude-hybrid', 'state.db');
    const sources = Array.from({ length: WRITERS }, (_, index) => `writer-${index}`);
    const writers = sources.map((source) => startWriter(path, source));
    try {
      await Promise.all(writers.map((writer) => writer.ready));
      // Release all children together so they race on creating and migrating the database.
      for (const writer of writers) writer.child.stdin.end('go\n');
      const results = await Promise.all(writers.map((writer) => writer.exited));
      expect(results).toEqual(sources.map(() => ({ code: 0, stderr: '' })));
    } finally {
      for (const writer of writers) if (writer.child.exitCode === null) writer.child.kill();
    }

    const store = openStore({ path, readonly: true });
    try {
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(store.events.count()).toBe(WRITERS * EVENTS_PER_WRITER);
      const perSource = store.db
        .prepare<
          [],
          { source: string; events: number; distinctSeq: number; minSeq: number; maxSeq: number }
        >(
          `SELECT source, count(*) AS events,
                  count(DISTINCT json_extract(payload, '$.seq')) AS distinctSeq,
                  min(json_extract(payload, '$.seq')) AS minSeq,
                  max(json_extract(payload, '$.seq')) AS maxSeq
           FROM events GROUP BY source ORDER BY source`,
        )
        .all();
      expect(perSource).toEqual(
        sources.map((source) => ({
          source,
          events: EVENTS_PER_WRITER,
          distinctSeq: EVENTS_PER_WRITER,
          minSeq: 0,
          maxSeq: EVENTS_PER_WRITER - 1,
        })),
      );
      // Each batch was one transaction under the write lock, so its ids are contiguous even
      // though the writers interleaved.
      const scatteredBatches = store.db
        .prepare<[], number>(
          `SELECT count(*) FROM (
             SELECT max(id) - min(id) AS span FROM events
             GROUP BY source, json_extract(payload, '$.batch')
           ) WHERE span <> ${BATCH_SIZE - 1}`,
        )
        .pluck()
        .get();
      expect(scatteredBatches).toBe(0);
    } finally {
      store.close();
    }
  });
});
