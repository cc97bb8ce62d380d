import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { corpusDir } from '../../test/support/cli.js';
import { splitFrontmatter } from './frontmatter.js';
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
    ['name: x\n  continued', undefined],
    ['description: >\n  folded', undefined],
    ['hooks:\n  PreToolUse: []', undefined],
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
  const bundled = join(import.meta.dirname, 'bundled');
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
});
