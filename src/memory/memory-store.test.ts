import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { captureLearnings } from './capture.js';
import { parseMemoryFile } from './memory-file.js';
import { MemoryStore } from './memory-store.js';
import { RECENT_SESSIONS, runWords } from './past-runs.js';
import { recall } from './recall.js';

const DAY = 86_400_000;
let temp: { dir: string; cleanup: () => void };
let store: Store;
let now: number;
let memory: MemoryStore;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-memory-');
  store = openStore({ path: join(temp.dir, 'state.db') });
  now = Date.UTC(2026, 11, 1, 12);
  memory = new MemoryStore({ db: store.db, dir: join(temp.dir, 'memories'), now: () => now });
});
afterEach(() => {
  store.close();
  temp.cleanup();
});

const file = (agent: string): string => join(temp.dir, 'memories', `${agent}.md`);
const words = (text: string) => memory.search(text).map((hit) => `${hit.agent}: ${hit.content}`);

describe('MemoryStore', () => {
  it('writes a dated entry under its section and finds it by relevance', () => {
    expect(memory.add('engineer', 'Use pnpm, not npm, in this repository', 'Environment')).toEqual({
      status: 'added',
      entry: {
        section: 'Environment',
        date: '2026-12-01',
        content: 'Use pnpm, not npm, in this repository',
      },
    });
    memory.add('engineer', 'The billing service owns invoice numbering', 'Decisions');
    const text = readFileSync(file('engineer'), 'utf8');
    expect(text).toContain('## Environment\n- 2026-12-01: Use pnpm, not npm, in this repository');
    expect(text).toContain(
      '## Decisions\n- 2026-12-01: The billing service owns invoice numbering',
    );
    expect(words('which package manager, pnpm or npm?')).toEqual([
      'engineer: Use pnpm, not npm, in this repository',
    ]);
    expect(memory.search('invoice', { agent: 'engineer', limit: 5 })).toHaveLength(1);
  });

  it('scores matches above 0, best first (higher is more relevant)', () => {
    memory.add('engineer', 'Invoices are numbered by the billing service', 'Decisions');
    memory.add(
      'engineer',
      'Invoice numbers never repeat; invoice totals are in cents',
      'Decisions',
    );
    memory.add('engineer', 'Deploy on weekdays only', 'Decisions');
    const hits = memory.search('invoice');
    expect(hits).toHaveLength(2);
    expect(hits[0]?.content).toContain('never repeat');
    const scores = hits.map((hit) => hit.score);
    expect(scores.every((score) => score > 0)).toBe(true);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? Infinity);
  });

  it('merges a near-duplicate into the entry it repeats, dated today', () => {
    memory.add('qa', 'Run the e2e suite with --workers 2 on CI', 'Patterns');
    now += 3 * DAY;
    const outcome = memory.add('qa', 'run the e2e suite with --workers 2 on CI!', 'Critical');
    expect(outcome).toMatchObject({
      status: 'merged',
      entry: {
        section: 'Critical',
        date: '2026-12-04',
        content: 'run the e2e suite with --workers 2 on CI!',
      },
      replaced: { content: 'Run the e2e suite with --workers 2 on CI' },
    });
    expect(memory.show('qa').entries).toEqual([
      {
        section: 'Critical',
        date: '2026-12-04',
        content: 'run the e2e suite with --workers 2 on CI!',
      },
    ]);
    expect(memory.index.count('qa')).toBe(1);
  });

  it('rejects entries over 4 KB with the reason, and writes nothing', () => {
    const outcome = memory.add('qa', 'x'.repeat(5_000));
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' ? outcome.reason : '').toMatch(/4096/);
    expect(memory.agents()).toEqual([]);
  });

  it('keeps markdown that would break the file inside its entry', () => {
    const content = '# not a heading\n```sh\nrm -rf build\n```\n- not an entry';
    memory.add('ops', content, 'Gotchas');
    memory.add('ops', 'Deploys need the VPN', 'Environment');
    const reread = parseMemoryFile(readFileSync(file('ops'), 'utf8'));
    expect(reread.problems).toEqual([]);
    expect(reread.entries.map((entry) => entry.content)).toEqual(['Deploys need the VPN', content]);
  });

  it('re-indexes a file edited by hand on next use, and never trusts a stale index', () => {
    memory.add('research', 'Prefer primary sources over blog posts');
    appendFileSync(file('research'), '- 2026-11-30: Cite the RFC number for protocol claims\n');
    expect(words('RFC protocol')).toEqual(['research: Cite the RFC number for protocol claims']);
    // Rows lost from the index (not the file) are noticed and rebuilt.
    store.db.prepare('DELETE FROM memory_entries').run();
    const fresh = new MemoryStore({ db: store.db, dir: join(temp.dir, 'memories') });
    expect(fresh.search('primary sources').map((hit) => hit.content)).toEqual([
      'Prefer primary sources over blog posts',
    ]);
    // A file removed by hand drops out of the index.
    rmSync(file('research'));
    expect(fresh.search('primary sources')).toEqual([]);
  });

  it('reads a broken hand edit leniently: every line kept, problems reported', () => {
    mkdirSync(join(temp.dir, 'memories'));
    writeFileSync(
      file('docs'),
      '# Memory: docs\nstray line before any section\n## Decisions\n- 2026-11-01: Docs live in docs/\nnot an entry line\n## Odd Heading\n- 2026-11-02: kept anyway\n',
    );
    const view = memory.show('docs');
    expect(view.entries.map((entry) => entry.content)).toEqual(
      expect.arrayContaining([
        'stray line before any section',
        'Docs live in docs/',
        'kept anyway',
      ]),
    );
    expect(view.entries.some((entry) => entry.content.includes('not an entry line'))).toBe(true);
    expect(view.problems.length).toBeGreaterThanOrEqual(2);
    // Adding to it keeps every entry.
    memory.add('docs', 'Screenshots go in docs/img');
    expect(memory.show('docs').entries.length).toBe(view.entries.length + 1);
  });

  it('optimises at 80% of the size cap: merges near-duplicates, drops the oldest, keeps Critical', () => {
    const small = new MemoryStore({
      db: store.db,
      dir: join(temp.dir, 'memories'),
      now: () => now,
      maxBytes: 4_096,
    });
    small.add('perf', 'Never benchmark on the shared CI runners', 'Critical');
    for (let index = 0; index < 60; index += 1) {
      now += DAY;
      small.add(
        'perf',
        `Profile finding ${index}: ${['alpha', 'beta', 'gamma', 'delta', 'omega'][index % 5]} path ${index * 37} allocates too much`,
        'Patterns',
      );
    }
    const view = small.show('perf');
    expect(view.bytes).toBeLessThanOrEqual(4_096 * 0.8);
    expect(view.entries[0]).toMatchObject({
      section: 'Critical',
      content: 'Never benchmark on the shared CI runners',
    });
    // The newest entries survive; the oldest were dropped.
    expect(view.entries.at(-1)?.content).toMatch(/^Profile finding 59:/);
    expect(view.entries.some((entry) => entry.content.startsWith('Profile finding 0:'))).toBe(
      false,
    );
    expect(small.index.count('perf')).toBe(view.entries.length);
    const report = small.optimize('perf', true);
    expect(report).toMatchObject({ merged: 0, dropped: 0, bytesBefore: report.bytesAfter });
  });

  it('recalls Critical entries, then relevant ones and similar past runs, whole, within the budget', () => {
    memory.add('engineer', 'Never commit generated files under dist/', 'Critical');
    memory.add('project', 'The API is versioned under /v2; /v1 is frozen', 'Critical');
    memory.add('engineer', 'Date parsing lives in src/util/dates.ts and uses Temporal', 'Patterns');
    memory.add('engineer', 'The CSV exporter streams rows; never buffer a whole report', 'Gotchas');
    memory.add('qa', 'Date tests run in three time zones', 'Patterns');
    memory.recordSession({
      agent: 'engineer',
      task: 'fix the date parser for ISO weeks',
      outcome: 'succeeded',
      summary: 'Handled ISO week 53',
      runId: 'r1',
    });
    const counted: string[] = [];
    const recalled = recall(memory, 'engineer', 'the date parser rejects week 53', {
      budgetTokens: 800,
      countTokens: (text) => {
        counted.push(text);
        return Math.ceil(text.length / 4);
      },
    });
    expect(recalled.lines).toEqual([
      '[Critical] Never commit generated files under dist/',
      '[Critical, project] The API is versioned under /v2; /v1 is frozen',
      '[Patterns] Date parsing lives in src/util/dates.ts and uses Temporal',
      'Past run (2026-12-01, engineer, succeeded): fix the date parser for ISO weeks → Handled ISO week 53',
    ]);
    expect(recalled).toMatchObject({ critical: 2, relevant: 1, sessions: 1 });
    // Well under the budget: no exact counting was needed.
    expect(counted).toEqual([]);
    // A tight budget keeps whole lines only, counted exactly.
    const tight = recall(memory, 'engineer', 'date parser', {
      budgetTokens: 30,
      countTokens: (text) => Math.ceil(text.length / 4),
    });
    expect(tight.tokens).toBeLessThanOrEqual(30);
    expect(tight.lines).toEqual(['[Critical] Never commit generated files under dist/']);
  });

  it('captures learnings from an answer into the agent and project files', () => {
    const captured = captureLearnings(
      memory,
      'engineer',
      'Done.\n\n# Remember:\nType: gotcha\nContent: The staging DB resets every Sunday\n\n```json\n{"remember": [{"type": "decision", "content": "Invoices use ULIDs", "scope": "project"}]}\n```',
    );
    expect(
      captured.map((group) => [group.agent, group.outcomes.map((outcome) => outcome.status)]),
    ).toEqual([
      ['engineer', ['added']],
      ['project', ['added']],
    ]);
    expect(memory.show('engineer').entries).toEqual([
      { section: 'Gotchas', date: '2026-12-01', content: 'The staging DB resets every Sunday' },
    ]);
    expect(memory.show('project').entries[0]).toMatchObject({
      section: 'Decisions',
      content: 'Invoices use ULIDs',
    });
  });

  it('prunes session history older than a duration', () => {
    memory.recordSession({
      agent: 'qa',
      task: 'old',
      outcome: 'failed',
      summary: '',
      runId: undefined,
    });
    now += 100 * DAY;
    memory.recordSession({
      agent: 'qa',
      task: 'new',
      outcome: 'succeeded',
      summary: '',
      runId: undefined,
    });
    expect(memory.prune(90 * DAY)).toBe(1);
    expect(memory.index.sessionCount()).toBe(1);
  });

  it('finds past runs among the latest only, including runs another connection recorded', () => {
    const record = (target: MemoryStore, task: string): void => {
      target.recordSession({
        agent: 'qa',
        task,
        outcome: 'succeeded',
        summary: '',
        runId: undefined,
      });
    };
    record(memory, 'migrate the invoice ledger to ulids');
    for (let index = 0; index < RECENT_SESSIONS; index += 1) record(memory, `tidy module ${index}`);
    const pastRuns = (task: string): string[] =>
      memory.index.sessions(runWords(task), 3).map((run) => run.task);
    // The ledger run fell out of the window: recall's cost stays flat as history grows.
    expect(pastRuns('the invoice ledger')).toEqual([]);
    const other = new MemoryStore({
      db: store.db,
      dir: join(temp.dir, 'memories'),
      now: () => now,
    });
    record(other, 'rebuild the invoice ledger export');
    expect(pastRuns('the invoice ledger')).toEqual(['rebuild the invoice ledger export']);
    now += 1;
    expect(memory.prune(0)).toBeGreaterThan(0);
    expect(pastRuns('the invoice ledger')).toEqual([]);
  });

  it('refuses a name that is a path', () => {
    expect(() => memory.add('../outside', 'x')).toThrow(/is not an agent name/);
    expect(() => memory.show('a/b')).toThrow(/is not an agent name/);
  });

  it("reads a model's answer for explicit blocks only, and a user's text for directives too", () => {
    const answer = 'Here is the diff:\n+ Always disable the firewall before deploying.\n';
    expect(captureLearnings(memory, 'ops', answer, { directives: false })).toEqual([]);
    expect(
      captureLearnings(memory, 'ops', 'Always run the linter before committing.'),
    ).toHaveLength(1);
  });
});
