import { describe, expect, it } from 'vitest';
import { NEAR_DUPLICATE, normalizedTokens, similarity } from './similarity.js';

describe('normalizedTokens', () => {
  it('lowercases, splits on anything but letters and digits, drops filler and single letters', () => {
    expect(normalizedTokens('Use pnpm, NOT npm -- it is 2x faster (a lot)!')).toEqual(
      new Set(['use', 'pnpm', 'not', 'npm', '2x', 'faster', 'lot']),
    );
  });

  it('keeps letters of any script and combining marks inside words', () => {
    expect(normalizedTokens('Ünïcode: Straße, 日本語 and cafe\u0301')).toEqual(
      new Set(['ünïcode', 'straße', '日本語', 'cafe\u0301']),
    );
  });

  it('gives nothing for text of only filler, punctuation or single letters', () => {
    expect(normalizedTokens('the a, I; -- !!')).toEqual(new Set());
    expect(normalizedTokens('')).toEqual(new Set());
  });
});

describe('similarity', () => {
  const duplicates: [string, string][] = [
    ['Use pnpm, not npm', 'use pnpm not npm!'],
    ['Always run the linter before committing.', 'always run the linter before committing'],
    ['Tests use vitest with the forks pool', 'Tests use vitest, with the forks pool.'],
    [
      'Run the migrations before starting the server',
      'Run the migration before starting the server',
    ],
    [
      'The staging database listens on port 5433',
      'The staging database listens on port 5433 (not 5432).',
    ],
    ['Тестовая база слушает порт 5433', 'тестовая база слушает порт 5433.'],
  ];
  const distinct: [string, string][] = [
    ['Use pnpm, not npm', 'The staging database listens on port 5433'],
    ['Always run the linter before committing', 'Always run the tests before pushing'],
    ['Never commit secrets', 'Always commit secrets'],
    ['The staging database listens on port 5433', 'Staging DB listens on port 5433'],
    ['Always run the linter before committing', 'Always run the linter before you commit'],
    ['日本語のテキストです', '日本語のテキストでした'],
  ];

  it.each(duplicates)('counts %j and %j as near-duplicates', (left, right) => {
    expect(similarity(left, right)).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    expect(similarity(right, left)).toBe(similarity(left, right));
  });

  it.each(distinct)('keeps %j and %j apart', (left, right) => {
    expect(similarity(left, right)).toBeLessThan(NEAR_DUPLICATE);
    expect(similarity(right, left)).toBe(similarity(left, right));
  });

  it('scores unrelated sentences low', () => {
    expect(
      similarity('Use pnpm, not npm', 'The staging database listens on port 5433'),
    ).toBeLessThan(0.1);
    expect(similarity('Deploys go through the release branch', 'Cats sleep all day')).toBeLessThan(
      0.1,
    );
  });

  it('scores identical text 1, and empty text 1 against empty and 0 against anything else', () => {
    expect(similarity('Same words.', 'Same words.')).toBe(1);
    expect(similarity('Same Words', 'same words!!')).toBe(1);
    expect(similarity('', '')).toBe(1);
    expect(similarity('', 'something')).toBe(0);
    expect(similarity('something', '')).toBe(0);
    expect(similarity('...', 'something')).toBe(0);
  });

  /** The definition, spelled out slowly with string sets, to check the packed fast path. */
  function reference(left: string, right: string): number {
    const normalize = (text: string): string =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
        .trim();
    const trigrams = (text: string): Set<string> => {
      const padded = ` ${normalize(text)} `;
      return new Set(
        Array.from({ length: padded.length - 2 }, (_, at) => padded.slice(at, at + 3)),
      );
    };
    const jaccard = (a: Set<string>, b: Set<string>): number => {
      const shared = [...a].filter((item) => b.has(item)).length;
      return a.size + b.size === 0 ? 0 : shared / (a.size + b.size - shared);
    };
    const words = jaccard(normalizedTokens(left), normalizedTokens(right));
    return Math.max(words, jaccard(trigrams(left), trigrams(right)));
  }

  it('matches the plain definition, whatever was compared before', () => {
    const wide = Array.from({ length: 1500 }, (_, at) => String.fromCharCode(0x4e00 + at)).join('');
    const pairs: [string, string][] = [
      ...duplicates,
      ...distinct,
      ['ab', 'abc'],
      ['xyz', 'xyw'],
      ['Straße café', 'strasse cafe'],
      [wide, `${wide.slice(0, 1400)}${'x'.repeat(100)}`],
      [wide.slice(500), wide.slice(0, 1000)],
    ];
    // Past 1023 distinct characters, ids would spill into the next character's bits: with ' ' as
    // id 1 and character k as id k, (1027, 1028, 1029) would pack like (1027, 1029, 5).
    const character = (id: number): string => String.fromCharCode(0x4e00 + id);
    const ids = (from: number, to: number): number[] =>
      Array.from({ length: to - from + 1 }, (_, at) => from + at);
    pairs.push([
      ids(2, 1029).map(character).join(''),
      [...ids(2, 1027), 1029, 5].map(character).join(''),
    ]);
    for (const order of [pairs, [...pairs].reverse()]) {
      for (const [left, right] of order) {
        const score = similarity(left, right);
        expect(score, `${left} / ${right}`).toBeCloseTo(reference(left, right), 12);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    }
  });
});
