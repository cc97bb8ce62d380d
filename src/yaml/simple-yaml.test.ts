import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { corpusDir } from '../../test/support/cli.js';
import { splitFrontmatter } from '../agents/index.js';
import { parseSimpleYaml } from './simple-yaml.js';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('parseSimpleYaml', () => {
  it.each([
    [
      'name: engineer\ndescription: Builds things',
      { name: 'engineer', description: 'Builds things' },
    ],
    ['tools: Read, Write', { tools: 'Read, Write' }],
    ['keywords: [a, b-c, d]', { keywords: ['a', 'b-c', 'd'] }],
    ['keywords: []', { keywords: [] }],
    ['keywords:\n  - one\n  - "two"\n', { keywords: ['one', 'two'] }],
    ['keywords:\n- one\n- two', { keywords: ['one', 'two'] }],
    ['description: "line\\nnext \\"quoted\\" \\u00e9"', { description: 'line\nnext "quoted" é' }],
    ["description: 'it''s'", { description: "it's" }],
    ['maxTurns: 12\nbackground: true\nempty:', { maxTurns: 12, background: true, empty: null }],
    ['# comment\nname: x # not a comment? no: plain with space-hash falls back', undefined],
    ['description: one\n  # indented comment after a plain scalar', undefined],
    ['name: x\n  continued', undefined],
    ['description: >\n  folded', undefined],
    ['hooks:\n  PreToolUse: []', { hooks: { PreToolUse: [] } }],
    [
      'agents:\n  bundled: false\n  paths:\n    - a\n    - b\nui:\n  color: never\n',
      { agents: { bundled: false, paths: ['a', 'b'] }, ui: { color: 'never' } },
    ],
    ['agents:\n  paths:\n  - a\n  cache: true', { agents: { paths: ['a'], cache: true } }],
    ['# comment\nversion: 1\n\n# agents:\n#   bundled: true\n', { version: 1 }],
    ['a:\n  b:\n    c: 1', undefined],
    ['a:\n  b: 1\n   c: 2', undefined],
    ['a:\n  b: 1\n c: 2', undefined],
    ['a:\n  - x\n  y: 1', undefined],
    ['model: 1.5', undefined],
    ['flag: True', undefined],
    ['name: a\nname: b', undefined],
    ['description: "unterminated', undefined],
    ['value: "a" trailing', undefined],
  ])('%j', (text, expected) => {
    const result = parseSimpleYaml(text);
    if (expected === undefined) {
      expect(result).toBeUndefined();
      return;
    }
    expect(plain(result?.value)).toEqual(expected);
    expect(plain(result?.value)).toEqual(plain(parse(text)));
  });

  it('has no prototype, so "__proto__" keys cannot pollute', () => {
    const result = parseSimpleYaml('__proto__: polluted\nname: x');
    expect(Object.getPrototypeOf(result?.value)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const corpus = corpusDir();
  const bundled = join(import.meta.dirname, '..', 'agents', 'bundled');
  it.skipIf(corpus === undefined)(
    'agrees with the yaml library wherever it answers, over the corpus and bundled agents',
    () => {
      const dirs = [join(corpus ?? '', 'voltagent'), join(corpus ?? '', 'wshobson'), bundled];
      let answered = 0;
      let total = 0;
      for (const dir of dirs) {
        for (const name of readdirSync(dir).filter((file) => file.endsWith('.md'))) {
          const split = splitFrontmatter(readFileSync(join(dir, name), 'utf8'));
          if (split === undefined) continue;
          total += 1;
          const fast = parseSimpleYaml(split.yaml);
          if (fast === undefined) continue;
          answered += 1;
          expect(plain(fast.value), `${dir}/${name}`).toEqual(plain(parse(split.yaml)));
        }
      }
      // The fast path must cover the common case, or it is not worth having.
      expect(answered / total).toBeGreaterThan(0.9);
    },
  );
  it('agrees with the yaml library on generated documents wherever it answers', () => {
    // Deterministic pseudo-random documents mixing the subset with things outside it.
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = (items: readonly string[]): string =>
      items[Math.floor(random() * items.length)] ?? '';
    const scalars = [
      'plain',
      'two words',
      '"quoted: yes"',
      "'single ''q'''",
      '42',
      '-7',
      '3.5',
      'true',
      'False',
      'null',
      '~',
      '',
      'a: b',
      'x #y',
      '"esc\\n\\u00e9"',
      '[a, b]',
      '[]',
      '[1, two, "3"]',
      '{a: 1}',
      '>',
      '|',
      '&anchor',
      '*ref',
      '- dash',
      'yes',
      'on',
      '0x1F',
      '1e3',
      '.5',
    ];
    const keys = ['name', 'description', 'tools', 'model', 'a', 'b_c', 'x-y'];
    let answered = 0;
    for (let round = 0; round < 1500; round += 1) {
      const lines: string[] = [];
      const entries = 1 + Math.floor(random() * 4);
      for (let entry = 0; entry < entries; entry += 1) {
        const key = pick(keys);
        const shape = random();
        if (shape < 0.5) lines.push(`${key}: ${pick(scalars)}`.trimEnd());
        else if (shape < 0.7) {
          lines.push(`${key}:`);
          const indent = pick(['', '  ', '    ']);
          const count = 1 + Math.floor(random() * 3);
          for (let item = 0; item < count; item += 1)
            lines.push(`${indent}- ${pick(scalars)}`.trimEnd());
        } else {
          lines.push(`${key}:`);
          const count = 1 + Math.floor(random() * 3);
          for (let item = 0; item < count; item += 1)
            lines.push(`  ${pick(keys)}: ${pick(scalars)}`.trimEnd());
        }
        if (random() < 0.2) lines.push(pick(['# comment', '', '  # indented comment']));
      }
      const text = lines.join('\n');
      const fast = parseSimpleYaml(text);
      if (fast === undefined) continue;
      let reference: unknown;
      try {
        reference = parse(text);
      } catch {
        throw new Error(`the fast parser accepted YAML the library rejects:\n${text}`);
      }
      answered += 1;
      expect(plain(fast.value), text).toEqual(plain(reference));
    }
    expect(answered).toBeGreaterThan(100);
  });
});
