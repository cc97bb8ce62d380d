import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { catchError } from '../../test/support/catch-error.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { parseMemoryFile } from './memory-file.js';
import type { ImportedMemory } from './memory-import.js';
import { MemoryStore } from './memory-store.js';

let temp: { dir: string; cleanup: () => void };
let store: Store;
let memory: MemoryStore;
const MAX_BYTES = 8 * 1024;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-import-');
  store = openStore({ path: join(temp.dir, 'state.db') });
  memory = new MemoryStore({
    db: store.db,
    dir: join(temp.dir, 'memories'),
    now: () => Date.UTC(2026, 11, 1, 12),
    maxBytes: MAX_BYTES,
  });
});
afterEach(() => {
  store.close();
  temp.cleanup();
});

const fileText = (): string => readFileSync(join(temp.dir, 'memories', 'project.md'), 'utf8');
const entries = () => parseMemoryFile(fileText()).entries;
/** Distinct enough that no two are near-duplicates. */
const bulk = (count: number, date: string): ImportedMemory[] =>
  Array.from({ length: count }, (_, index) => ({
    content: `bulk ${index} ${index.toString(36).repeat(3)} about ${'xyzw'[index % 4]}${index * 7919}`,
    date,
  }));

describe('MemoryStore.importAll', () => {
  it('keeps the exported dates, merges near-duplicates and counts every entry once', () => {
    memory.add('project', 'Production deploys only happen on weekdays', 'Critical');
    const report = memory.importAll([
      {
        agent: 'project',
        entries: [
          { content: 'old decision about the database', section: 'Decisions', date: '2025-03-04' },
          { content: 'Production deploys only happen on weekdays', date: '2024-01-01' },
          { content: 'an undated hand-written line', date: '' },
          { content: '' },
        ],
      },
    ]);
    expect(report).toEqual({
      added: 2,
      merged: 1,
      rejected: 1,
      dropped: 0,
      evicted: 0,
      problems: [expect.stringMatching(/^project: /)],
    });
    expect(entries()).toEqual([
      {
        section: 'Critical',
        date: '2026-12-01',
        content: 'Production deploys only happen on weekdays',
      },
      { section: 'Decisions', date: '2025-03-04', content: 'old decision about the database' },
      { section: 'Notes', date: '', content: 'an undated hand-written line' },
    ]);
  });

  it('refuses an import past the cap, names it, and writes nothing', () => {
    memory.add('project', 'Original important fact number one');
    const before = fileText();
    const error = catchError(HybridError, () =>
      memory.importAll([{ agent: 'project', entries: bulk(400, '2026-01-01') }]),
    );
    expect(error.code).toBe('memory.import_too_large');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /project's memory .* over 7 KB \(80% of its 8 KB cap, memory\.maxKilobytes\)/,
    );
    expect(error.hint).toContain('--allow-evict');
    expect(fileText()).toBe(before);
    expect(memory.search('bulk')).toEqual([]);
  });

  it('with allowEvict lets the oldest go and reports exactly what was dropped and evicted', () => {
    memory.add('project', 'Original important fact number one');
    memory.add('project', 'A critical rule that must survive', 'Critical');
    const items = bulk(400, '2027-01-01');
    const report = memory.importAll([{ agent: 'project', entries: items }], { allowEvict: true });
    const after = entries();
    const imported = after.filter((entry) => entry.content.startsWith('bulk ')).length;
    expect(report.merged).toBe(0);
    expect(report.added).toBe(imported);
    expect(report.added + report.merged + report.rejected + report.dropped).toBe(items.length);
    // The one older, non-Critical entry that was there went first; the Critical one stays.
    expect(report.evicted).toBe(1);
    expect(after.map((entry) => entry.content)).toContain('A critical rule that must survive');
    expect(after.map((entry) => entry.content)).not.toContain('Original important fact number one');
    expect(Buffer.byteLength(fileText())).toBeLessThanOrEqual(MAX_BYTES * 0.8);
  });

  it('checks every file before writing any: one file over the cap refuses the whole import', () => {
    const error = catchError(HybridError, () =>
      memory.importAll([
        { agent: 'engineer', entries: [{ content: 'a small fact', date: '2026-01-01' }] },
        { agent: 'project', entries: bulk(400, '2026-01-01') },
      ]),
    );
    expect(error.code).toBe('memory.import_too_large');
    expect(memory.agents()).toEqual([]);
  });
});
