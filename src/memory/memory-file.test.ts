import { describe, expect, it } from 'vitest';
import {
  MAX_ENTRY_BYTES,
  MEMORY_SECTIONS,
  UNDATED,
  checkContent,
  parseMemoryFile,
  renderMemoryFile,
  sectionOf,
} from './memory-file.js';
import type { MemoryEntry } from './memory-file.js';

/** Mulberry32: a small seeded generator, so every generated case can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces chosen to hit every escaping rule, Markdown look-alikes and non-ASCII text. */
const PIECES = [
  'use pnpm',
  'the API',
  '# heading',
  '## Decisions',
  '```ts',
  '```',
  '~~~',
  '<!--',
  '-->',
  '- ',
  '* item',
  '+ plus',
  '-',
  '\\',
  '\\#',
  '2026-01-02: dated',
  '2026-01-02 not an entry',
  '`code`',
  '  ',
  '\t',
  '   ',
  '\n',
  '\n',
  '\n\n\n',
  '\r\n',
  'é',
  '日本語',
  '🙂',
  '# Memory: x',
  ':',
  '\u00a0',
];
const CUSTOM_SECTIONS = ['Open Questions', 'Ideas', 'Team Rules'];

function generatedEntry(random: () => number): MemoryEntry | undefined {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let raw = '';
  const pieces = 1 + Math.floor(random() * 12);
  for (let index = 0; index < pieces; index += 1) raw += pick(PIECES);
  const checked = checkContent(raw);
  if (!checked.ok) return undefined;
  const section = random() < 0.8 ? pick(MEMORY_SECTIONS) : pick(CUSTOM_SECTIONS);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  const date = random() < 0.1 ? UNDATED : `2026-${month}-${day}`;
  return { section, date, content: checked.content };
}

/** Entries grouped the way the renderer orders them: standard sections first, then custom. */
function inFileOrder(entries: readonly MemoryEntry[]): MemoryEntry[] {
  const sections = [...MEMORY_SECTIONS, ...new Set(entries.map((entry) => entry.section))];
  return [...new Set(sections)].flatMap((name) =>
    entries.filter((entry) => entry.section === name),
  );
}

describe('sectionOf', () => {
  it('maps types in any case, singular or plural, and common synonyms', () => {
    expect(sectionOf('decision')).toBe('Decisions');
    expect(sectionOf('Decisions')).toBe('Decisions');
    expect(sectionOf('GOTCHA')).toBe('Gotchas');
    expect(sectionOf('pattern')).toBe('Patterns');
    expect(sectionOf('env')).toBe('Environment');
    expect(sectionOf('note')).toBe('Notes');
    expect(sectionOf(' critical ')).toBe('Critical');
    expect(sectionOf('pitfall')).toBe('Gotchas');
    expect(sectionOf('**Convention**')).toBe('Patterns');
  });

  it('does not guess at unknown types', () => {
    expect(sectionOf('recipe')).toBeUndefined();
    expect(sectionOf('')).toBeUndefined();
  });
});

describe('checkContent', () => {
  it('normalises line endings, trailing blanks and blank runs, and trims', () => {
    expect(checkContent('  one  \r\ntwo\t\r\n\r\n\r\n\r\nthree\rfour  \n')).toEqual({
      ok: true,
      content: 'one\ntwo\n\nthree\nfour',
    });
  });

  it('refuses empty content and control characters other than newline and tab', () => {
    expect(checkContent(' \n\t ')).toEqual({ ok: false, reason: 'content is empty' });
    expect(checkContent('ok\nbell\u0007')).toEqual({
      ok: false,
      reason: 'content has a control character (U+0007) on line 2',
    });
    expect(checkContent('tab\there')).toEqual({ ok: true, content: 'tab\there' });
  });

  it('counts the limit in UTF-8 bytes and says both numbers', () => {
    expect(checkContent('a'.repeat(MAX_ENTRY_BYTES)).ok).toBe(true);
    const tooLong = checkContent('é'.repeat(MAX_ENTRY_BYTES / 2 + 1));
    expect(tooLong).toEqual({
      ok: false,
      reason: 'content is 4098 bytes (UTF-8); the limit is 4096 bytes',
    });
  });

  it('keeps Markdown that looks like file structure; the renderer escapes it', () => {
    expect(checkContent('# not a heading\n```\n<!-- x\n- y')).toEqual({
      ok: true,
      content: '# not a heading\n```\n<!-- x\n- y',
    });
  });

  it('is idempotent', () => {
    const random = seededRandom(7);
    for (let index = 0; index < 300; index += 1) {
      const entry = generatedEntry(random);
      if (entry !== undefined)
        expect(checkContent(entry.content)).toEqual({ ok: true, content: entry.content });
    }
  });
});

describe('renderMemoryFile', () => {
  const entries: MemoryEntry[] = [
    { section: 'Notes', date: '2026-12-02', content: 'A note.' },
    { section: 'Ideas', date: '2026-12-03', content: 'A custom section.' },
    { section: 'Critical', date: '2026-12-01', content: 'Never push to main.' },
    {
      section: 'Decisions',
      date: '2026-11-30',
      content: 'Chose FTS5.\n\n# Why\n- ships with SQLite\n<!-- shown -->\n```sql\nSELECT 1;\n```',
    },
    { section: 'Critical', date: '2026-12-04', content: 'Second critical.' },
  ];

  it('writes standard sections in order, then custom ones, escaping structural lines', () => {
    expect(renderMemoryFile('reviewer', entries)).toBe(
      [
        '# Memory: reviewer',
        '<!-- Maintained by claude-hybrid; you may edit it by hand: one entry per "- YYYY-MM-DD: text"' +
          ' line under a "## Section" heading, later lines of an entry indented by two spaces. -->',
        '',
        '## Critical',
        '- 2026-12-01: Never push to main.',
        '- 2026-12-04: Second critical.',
        '',
        '## Decisions',
        '- 2026-11-30: Chose FTS5.',
        '',
        '  \\# Why',
        '  \\- ships with SQLite',
        '  \\<!-- shown -->',
        '  \\```sql',
        '  SELECT 1;',
        '  \\```',
        '',
        '## Notes',
        '- 2026-12-02: A note.',
        '',
        '## Ideas',
        '- 2026-12-03: A custom section.',
        '',
      ].join('\n'),
    );
  });

  it('writes only the title and comment when there is nothing to remember', () => {
    expect(renderMemoryFile('project', []).split('\n')).toHaveLength(3);
  });

  it('round-trips hand-picked awkward content', () => {
    const awkward = [
      '# looks like a heading',
      '- 2026-01-01: looks like an entry',
      '\\ starts with a backslash\n\\# already escaped',
      'code:\n```\n## inside a fence\n```',
      '<!-- not a comment -->\nnext',
      'first\n\n  indented after a blank\n\ttabbed',
      '2026-01-01: a date-like start',
    ];
    for (const content of awkward) {
      for (const date of ['2026-12-01', UNDATED]) {
        const entry = { section: 'Notes', date, content };
        expect(parseMemoryFile(renderMemoryFile('a', [entry])).entries).toEqual([entry]);
      }
    }
  });

  it('round-trips generated entries through parse, in file order', () => {
    const random = seededRandom(20261201);
    for (let round = 0; round < 400; round += 1) {
      const entries: MemoryEntry[] = [];
      const count = Math.floor(random() * 8);
      while (entries.length < count) {
        const entry = generatedEntry(random);
        if (entry !== undefined) entries.push(entry);
      }
      const text = renderMemoryFile(`agent-${round}`, entries);
      const parsed = parseMemoryFile(text);
      expect(parsed.entries, `round ${round}:\n${text}`).toEqual(inFileOrder(entries));
      const dated = entries.every((entry) => entry.date !== UNDATED);
      const custom = entries.some((entry) => CUSTOM_SECTIONS.includes(entry.section));
      if (dated && !custom) expect(parsed.problems, text).toEqual([]);
      expect(renderMemoryFile(`agent-${round}`, parsed.entries)).toBe(text);
    }
  });
});

describe('parseMemoryFile', () => {
  it('reads sections, multi-line entries, comments and any section heading case', () => {
    const text = [
      '\uFEFF# Memory: tester',
      '<!-- a comment',
      'spanning lines -->',
      '## gotchas',
      '- 2026-12-01: Vitest runs in forks.   ',
      '  Second line.',
      '',
      '  After a blank.',
      '<!-- one line --> ',
      '* 2026-12-02:Tight spacing',
      '',
    ].join('\r\n');
    expect(parseMemoryFile(text)).toEqual({
      entries: [
        {
          section: 'Gotchas',
          date: '2026-12-01',
          content: 'Vitest runs in forks.\nSecond line.\n\nAfter a blank.',
        },
        { section: 'Gotchas', date: '2026-12-02', content: 'Tight spacing' },
      ],
      problems: [],
    });
  });

  it('keeps every piece of stray text as an entry and reports its line', () => {
    const text = [
      'Intro text before any section',
      'and its second line.',
      '## Decisions',
      '- undated decision',
      '- 2026-02-30: impossible date',
      '## Someday',
      '- 2026-12-01: custom section entry',
      'stray line',
      '',
      '### Sub heading',
      '- 2026-12-02:',
      '# Memory: late title',
    ].join('\n');
    const { entries, problems } = parseMemoryFile(text);
    expect(entries).toEqual([
      {
        section: 'Notes',
        date: '',
        content: 'Intro text before any section\nand its second line.',
      },
      { section: 'Decisions', date: '', content: 'undated decision' },
      { section: 'Decisions', date: '2026-02-30', content: 'impossible date' },
      { section: 'Someday', date: '2026-12-01', content: 'custom section entry' },
      { section: 'Someday', date: '', content: 'stray line' },
      { section: 'Someday', date: '', content: '### Sub heading' },
      { section: 'Someday', date: '', content: '# Memory: late title' },
    ]);
    expect(problems).toEqual([
      {
        line: 1,
        message:
          'text is not a "- YYYY-MM-DD: text" entry; kept as an undated entry; it comes before' +
          ' the first "## Section" heading, so it is kept under Notes',
      },
      { line: 4, message: 'entry has no date; expected "- YYYY-MM-DD: text"' },
      { line: 5, message: '"2026-02-30" is not a real date; kept as written' },
      {
        line: 6,
        message:
          '"Someday" is not a standard section (Critical, Environment, Decisions, Patterns,' +
          ' Gotchas, Notes); kept as-is',
      },
      { line: 8, message: 'text is not a "- YYYY-MM-DD: text" entry; kept as an undated entry' },
      { line: 10, message: 'text is not a "- YYYY-MM-DD: text" entry; kept as an undated entry' },
      { line: 11, message: 'entry is empty; left out' },
      { line: 12, message: 'text is not a "- YYYY-MM-DD: text" entry; kept as an undated entry' },
    ]);
  });

  it('keeps the text of a comment that is never closed', () => {
    const { entries, problems } = parseMemoryFile('## Notes\n<!-- open\n- 2026-12-01: kept');
    expect(entries).toEqual([
      { section: 'Notes', date: '', content: '<!-- open' },
      { section: 'Notes', date: '2026-12-01', content: 'kept' },
    ]);
    expect(problems).toEqual([
      { line: 2, message: 'comment is never closed with "-->"; kept as an undated entry' },
    ]);
  });

  it('reads text after a closing "-->" on the same line', () => {
    expect(parseMemoryFile('## Notes\n<!-- a\nb --> - 2026-12-01: after').entries).toEqual([
      { section: 'Notes', date: '2026-12-01', content: 'after' },
    ]);
  });

  it('stays linear on many unclosed comments', () => {
    const { entries } = parseMemoryFile('## Notes\n' + '<!--\n'.repeat(50_000));
    expect(entries).toHaveLength(50_000);
  });

  it('treats an empty file and a bare title as no entries and no problems', () => {
    expect(parseMemoryFile('')).toEqual({ entries: [], problems: [] });
    expect(parseMemoryFile('# Memory: x\n')).toEqual({ entries: [], problems: [] });
  });
});
