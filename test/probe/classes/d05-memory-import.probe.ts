import { closeSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { probeProject } from './store-probe-helpers.js';
import type { ProbeProject } from './store-probe-helpers.js';

// D5: importing 3,000 entries into a file of 20 evicted all 20 and 1,928 of the imported ones,
// reported `added: 2850`, and re-dated everything today. Expected: nothing lost without
// --allow-evict (the import is refused, naming the cap), an exact report with it, dates kept.

const ORIGINALS = 20;
const IMPORTED = 3_000;

function withOriginals(project: ProbeProject): void {
  for (let index = 1; index <= ORIGINALS; index += 1)
    project.run([
      'memory',
      'add',
      'project',
      `Original important fact ${index} ${'kmqz'[index % 4]}${index * 7919}`,
    ]);
}

function bulkExport(project: ProbeProject): string {
  const file = join(project.dir, 'bulk3k.json');
  const entries = Array.from({ length: IMPORTED }, (_, index) => ({
    section: 'Notes',
    date: '2026-01-01',
    content: `bulk note ${String(index).padStart(5, '0')} about subsystem ${'qwertyuiop'[index % 10]?.repeat(6) ?? ''}`,
  }));
  writeFileSync(file, JSON.stringify({ format: 1, memories: { project: entries } }));
  return file;
}

const memoryFile = (project: ProbeProject): string =>
  readFileSync(join(project.data, 'memories', 'project.md'), 'utf8');
const count = (text: string, word: string): number =>
  text.split('\n').filter((line) => line.includes(word)).length;

const refusedWithoutEvict: ProbeCase = {
  name: '20 existing + 3,000 imported without --allow-evict: refused, nothing lost',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      withOriginals(project);
      const before = memoryFile(project);
      const result = refusal(
        project.run(['memory', 'import', bulkExport(project)]),
        'memory.import_too_large',
      );
      if (memoryFile(project) !== before)
        return Promise.resolve({
          outcome: 'lost',
          detail: 'the memory file changed on a refused import',
        });
      if (result.outcome === 'refused' && !/memory\.maxKilobytes/.test(result.detail ?? ''))
        return Promise.resolve({
          outcome: 'crashed',
          detail: `the cap is not named: ${result.detail ?? ''}`,
        });
      return Promise.resolve(result);
    } finally {
      project.cleanup();
    }
  },
};

const exactWithEvict: ProbeCase = {
  name: '20 existing + 3,000 imported with --allow-evict: the report matches the file',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      withOriginals(project);
      const result = project.run([
        'memory',
        'import',
        bulkExport(project),
        '--allow-evict',
        '--json',
      ]);
      if (result.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: result.stderr });
      const report = JSON.parse(result.stdout) as Record<string, number>;
      const text = memoryFile(project);
      const originals = count(text, 'Original important fact');
      const bulk = count(text, 'bulk note');
      const detail = `${result.stdout.trim()}; file: ${originals} originals, ${bulk} imported`;
      const exact =
        (report.added ?? -1) === bulk &&
        (report.added ?? 0) +
          (report.merged ?? 0) +
          (report.rejected ?? 0) +
          (report.dropped ?? 0) ===
          IMPORTED &&
        originals === ORIGINALS - (report.evicted ?? 0);
      return Promise.resolve(
        exact
          ? { outcome: 'handled', detail }
          : { outcome: 'lost', detail: `report does not match: ${detail}` },
      );
    } finally {
      project.cleanup();
    }
  },
};

const datesKept: ProbeCase = {
  name: 'an exported date survives the import',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      const file = join(project.dir, 'one.json');
      writeFileSync(
        file,
        '{"format":1,"memories":{"project":[{"section":"Decisions","date":"2025-03-04","content":"old decision"}]}}',
      );
      const result = project.run(['memory', 'import', file]);
      if (result.code !== 0) return Promise.resolve({ outcome: 'crashed', detail: result.stderr });
      return Promise.resolve(
        memoryFile(project).includes('- 2025-03-04: old decision')
          ? { outcome: 'handled' }
          : { outcome: 'lost', detail: 'the exported date was replaced' },
      );
    } finally {
      project.cleanup();
    }
  },
};

const hugeFile: ProbeCase = {
  name: 'a 65 MiB file is refused by its size, before it is read',
  run(): Promise<ProbeResult> {
    const project = probeProject();
    try {
      // Sparse: the size says 65 MiB, reading it would cost the time and memory of 65 MiB.
      const file = join(project.dir, 'huge.json');
      const fd = openSync(file, 'w');
      ftruncateSync(fd, 65 * 1024 * 1024);
      closeSync(fd);
      return Promise.resolve(
        refusal(
          project.run(['memory', 'import', file], { timeoutMs: 20_000 }),
          'memory.bad_import',
        ),
      );
    } finally {
      project.cleanup();
    }
  },
};

export const probe: ProbeClass = {
  id: 'D5',
  title: 'memory import loses nothing unasked, reports exactly, keeps dates',
  cases: [refusedWithoutEvict, exactWithEvict, datesKept, hugeFile],
};
