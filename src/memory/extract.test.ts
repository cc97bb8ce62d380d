import { describe, expect, it } from 'vitest';
import { extractMemories } from './extract.js';
import type { ExtractedMemory } from './extract.js';

const contents = (text: string): string[] => extractMemories(text).map((memory) => memory.content);

describe('remember blocks', () => {
  it('reads Type, multi-line Content and Scope under any of the three headings', () => {
    const text = [
      'Done with the migration.',
      '',
      '## Remember: for next time',
      'Type: decision',
      'Content: Chose SQLite FTS5 for memory search',
      'because it ships with better-sqlite3.',
      'Scope: project',
      '',
      '# add to memory:',
      'type: Gotchas',
      'content: Vitest needs the forks pool.',
      '',
      '### MEMORIZE:',
      '- **Type:** env',
      '- **Content:** Node 20 is the floor.',
    ].join('\n');
    expect(extractMemories(text)).toEqual<ExtractedMemory[]>([
      {
        target: 'project',
        section: 'Decisions',
        content: 'Chose SQLite FTS5 for memory search\nbecause it ships with better-sqlite3.',
        source: 'block',
      },
      {
        target: 'agent',
        section: 'Gotchas',
        content: 'Vitest needs the forks pool.',
        source: 'block',
      },
      {
        target: 'agent',
        section: 'Environment',
        content: 'Node 20 is the floor.',
        source: 'block',
      },
    ]);
  });

  it('splits entries on blank lines and on repeated keys, and defaults unknown types to Notes', () => {
    const text = [
      '# Remember:',
      'Type: pattern',
      'Content: one',
      'Type: recipe',
      'Content: two',
      'Content: three',
      'Target: project',
      '',
      'Type: critical',
      '',
      'Content: four',
      '',
      'That is all for today.',
      'Content: not in the block any more',
    ].join('\n');
    expect(
      extractMemories(text).map(({ section, content, target }) => [section, content, target]),
    ).toEqual([
      ['Patterns', 'one', 'agent'],
      ['Notes', 'two', 'agent'],
      ['Notes', 'three', 'project'],
      ['Critical', 'four', 'agent'],
    ]);
  });

  it('ends a block at a heading and drops entries without content', () => {
    const text = ['## Remember:', 'Type: decision', '## Next steps', 'Content: orphan'].join('\n');
    expect(extractMemories(text)).toEqual([]);
  });

  it('ignores headings that merely mention remembering, and blocks inside code fences', () => {
    const text = [
      '## Things to remember',
      'Content: not a block',
      '#### Remember:',
      'Content: too deep a heading',
      '```markdown',
      '# Remember:',
      'Content: an example, not a request',
      '```',
      '# Remember the Alamo',
      'Content: no colon',
    ].join('\n');
    expect(extractMemories(text)).toEqual([]);
  });
});

describe('JSON', () => {
  it('reads strings and objects from a fenced object inside prose', () => {
    const text = [
      'Here is what I learned:',
      '```json',
      '{',
      '  "summary": {"files": 3},',
      '  "remember": [',
      '    "Use pnpm, not npm",',
      '    {"type": "gotcha", "content": "The CI cache is keyed on the lockfile"},',
      '    {"content": "Releases are tagged by hand", "scope": "project"},',
      '    {"type": "decision"},',
      '    42',
      '  ]',
      '}',
      '```',
      'Always keep this list short.',
    ].join('\n');
    expect(extractMemories(text)).toEqual<ExtractedMemory[]>([
      { target: 'agent', section: 'Notes', content: 'Use pnpm, not npm', source: 'json' },
      {
        target: 'agent',
        section: 'Gotchas',
        content: 'The CI cache is keyed on the lockfile',
        source: 'json',
      },
      {
        target: 'project',
        section: 'Notes',
        content: 'Releases are tagged by hand',
        source: 'json',
      },
      {
        target: 'agent',
        section: 'Patterns',
        content: 'Always keep this list short.',
        source: 'directive',
      },
    ]);
  });

  it('finds an object inline in a sentence and nested in another object', () => {
    expect(contents('Noted {"remember": ["inline"]} and moving on.')).toEqual(['inline']);
    expect(contents('{"result": {"remember": ["nested"]}, "ok": true}')).toEqual(['nested']);
  });

  it('reads every object with a remember list, nested ones too, outer first', () => {
    const inner = `{"remember": ["inner ${'x'.repeat(200)}"]}`;
    const texts = [
      `{"remember": ["outer"], "meta": ${inner}}`,
      `{"meta": ${inner}, "remember": ["outer"]}`,
    ];
    for (const text of texts) {
      // Later forms keep their place: blanking the used JSON must not shift what follows.
      expect(contents(`${text}\nAlways keep both.\n{"remember": ["last"]}`)).toEqual([
        'outer',
        `inner ${'x'.repeat(200)}`,
        'Always keep both.',
        'last',
      ]);
    }
  });

  it('reads no directives from inside the JSON it used', () => {
    const text = '{"remember": [\n"Always use the JSON form."\n]}';
    expect(extractMemories(text).map((memory) => memory.source)).toEqual(['json']);
  });

  it('ignores invalid JSON and objects whose remember is not a list', () => {
    expect(contents('{"remember": ["unterminated"')).toEqual([]);
    expect(contents('{"remember": ["trailing comma",]}')).toEqual([]);
    expect(contents('{"remember": "not a list"}')).toEqual([]);
    expect(contents('{"remember": [1, null, {"content": 5}]}')).toEqual([]);
    // Duplicate keys: JSON.parse keeps the last, which is not a list.
    expect(contents('{"remember": ["shadowed"], "remember": 1}')).toEqual([]);
  });
});

describe('directives', () => {
  it('reads always, never and remember that at the start of a sentence or after please', () => {
    const text = [
      'Thanks. Please always run the linter before committing. Remember that the staging',
      'database listens on port 5433. never force-push shared branches!',
      '',
      '- Always squash merge.',
      '1. please remember that CI is slow on Mondays.',
    ].join('\n');
    expect(extractMemories(text).map(({ section, content }) => [section, content])).toEqual([
      ['Patterns', 'Always run the linter before committing.'],
      ['Notes', 'the staging database listens on port 5433.'],
      ['Patterns', 'Never force-push shared branches!'],
      ['Patterns', 'Always squash merge.'],
      ['Notes', 'CI is slow on Mondays.'],
    ]);
  });

  it('files rules that stress importance as Critical and project-wide ones as project', () => {
    expect(extractMemories('Never commit secrets; this is critical.')).toEqual([
      {
        target: 'agent',
        section: 'Critical',
        content: 'Never commit secrets; this is critical.',
        source: 'directive',
      },
    ]);
    expect(extractMemories('Always use pnpm in this repo.')[0]?.target).toBe('project');
    expect(extractMemories('Remember that all agents must log costs.')[0]).toMatchObject({
      target: 'project',
      section: 'Critical',
      content: 'all agents must log costs.',
    });
  });

  it('does not read prose that merely uses the words', () => {
    const text = [
      'I never thought it would work. We always knew, though.',
      'She remembered that day. Remembering that is hard.',
      'Never mind. Always? Should we always do that?',
      'Always use tabs? Never use spaces?!',
      'Always-on monitoring is enabled.',
      '// always returns null',
      '/* never called twice */',
      '> Always quote your sources. Never paraphrase.',
      '// Returns a copy. Never mutates the input.',
      '## Always check the logs',
      '| Always | Never |',
      '',
      '    always indented code',
      '```',
      'never in a fence.',
      '```',
    ].join('\n');
    expect(extractMemories(text)).toEqual([]);
  });

  it('reads each list item on its own, even right below a paragraph', () => {
    expect(contents('Rules we agreed on:\n- Always squash merge.\n* never rebase main')).toEqual([
      'Always squash merge.',
      'Never rebase main',
    ]);
  });

  it('joins wrapped lines into one sentence', () => {
    expect(contents('Always run the migrations\nbefore starting the server.')).toEqual([
      'Always run the migrations before starting the server.',
    ]);
  });
});

describe('extractMemories', () => {
  it('returns mixed forms in order of appearance without repeats', () => {
    const text = [
      'Always run the linter.',
      '{"remember": [{"type": "pattern", "content": "Always run the linter."}]}',
      '# Remember:',
      'Type: note',
      'Content: Deploys happen on Fridays.',
      '',
      'Remember that deploys happen on Fridays.',
      'Always run the linter.',
    ].join('\n');
    expect(extractMemories(text).map(({ source, content }) => [source, content])).toEqual([
      ['directive', 'Always run the linter.'],
      ['block', 'Deploys happen on Fridays.'],
      ['directive', 'deploys happen on Fridays.'],
    ]);
  });

  it('drops content that fails checkContent and stores what it normalised', () => {
    const huge = 'x'.repeat(5000);
    const text = `{"remember": ["${huge}", "bell\\u0007", "  spaced  \\r\\n\\r\\n\\r\\n\\r\\nout  "]}`;
    expect(contents(text)).toEqual(['spaced\n\nout']);
  });

  it('reads Windows line endings', () => {
    const text =
      '# Remember:\r\nType: env\r\nContent: Builds run on\r\nWindows too.\r\n\r\nAlways quote paths.\r\n';
    expect(extractMemories(text).map(({ section, content }) => [section, content])).toEqual([
      ['Environment', 'Builds run on\nWindows too.'],
      ['Patterns', 'Always quote paths.'],
    ]);
  });

  it('finds nothing in text without memories', () => {
    expect(extractMemories('')).toEqual([]);
    expect(extractMemories('Just an ordinary answer.\n\nWith two paragraphs.')).toEqual([]);
  });

  it('gets through a megabyte of mixed and hostile text', () => {
    const unit = [
      'Please always run the linter. I never thought so.',
      '## Remember:',
      'Type: gotcha',
      'Content: Vitest needs forks.',
      '',
      '{"remember": ["Use pnpm"]}',
      '',
    ].join('\n');
    const hostile = [
      unit.repeat(8_000),
      ' '.repeat(100_000) + 'x',
      '{"remember": ['.repeat(10_000),
      '{'.repeat(100_000),
      '"'.repeat(100_000),
      ('. ' + ' '.repeat(500)).repeat(100),
      'Always do it. '.repeat(10_000),
      '# Remember:\n' + '**type '.repeat(10_000),
    ].join('\n');
    expect(hostile.length).toBeGreaterThan(1_000_000);
    expect(contents(hostile)).toEqual([
      'Always run the linter.',
      'Vitest needs forks.',
      'Use pnpm',
      'Always do it.',
    ]);
  });
});
