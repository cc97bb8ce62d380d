import { describe, expect, it } from 'vitest';
import {
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SIZE,
  compileDenyPattern,
  estimatedSize,
} from './deny-pattern.js';
import type { DenyPattern } from './deny-pattern.js';

function compiled(source: string): DenyPattern {
  const result = compileDenyPattern(source);
  if ('problem' in result) throw new Error(result.problem);
  return result.pattern;
}

function problemOf(source: string): string {
  const result = compileDenyPattern(source);
  if ('pattern' in result) throw new Error(`${source} compiled`);
  return result.problem;
}

describe('deny patterns', () => {
  it('match anywhere in the command, like RegExp.test', () => {
    const pattern = compiled('rm -rf /');
    expect(pattern.test('sudo rm -rf / --no-preserve-root')).toBe(true);
    expect(pattern.test('rm -rf ./build')).toBe(false);
    expect(compiled('^git push (-f|--force)').test('git push --force origin')).toBe(true);
    expect(compiled('(?i)DROP TABLE').test('psql -c "drop table users"')).toBe(true);
    expect(compiled('\\bcurl\\b.*\\|\\s*sh').test('curl -s x.sh | sh')).toBe(true);
  });

  it('run a catastrophic-backtracking pattern in linear time', () => {
    const pattern = compiled('^(a+)+$');
    const command = `${'a'.repeat(30_000)}!`;
    const started = performance.now();
    expect(pattern.test(command)).toBe(false);
    // RegExp takes longer than the universe's age on this; a linear engine, milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(pattern.test('aaaa')).toBe(true);
  });

  it('refuse backreferences and lookarounds, saying why', () => {
    expect(problemOf('(a)\\1')).toMatch(/invalid escape sequence: `\\1`.*no backreferences/);
    expect(problemOf('foo(?=bar)')).toMatch(/unsupported Perl syntax/);
    expect(problemOf('a**')).toMatch(/invalid nested repetition/);
    expect(problemOf('(unclosed')).toMatch(/missing closing \)/);
  });

  it('refuse a pattern over 4096 characters', () => {
    expect(problemOf('a'.repeat(MAX_PATTERN_LENGTH + 1))).toBe(
      `at most ${MAX_PATTERN_LENGTH} characters (this one has ${MAX_PATTERN_LENGTH + 1})`,
    );
    expect(compiled('a'.repeat(1_000)).source).toHaveLength(1_000);
  });

  it('refuse a pattern that would compile to a huge program, before compiling it', () => {
    // 585 × x{1000} fits in 4 KiB and took re2js 3 s to compile.
    const started = performance.now();
    expect(problemOf('x{1000}'.repeat(585))).toMatch(/^a simpler pattern \(about \d+ steps/);
    expect(problemOf('[a-z]{1000}'.repeat(21))).toMatch(/a simpler pattern/);
    // Past the estimate, the compiled program's own size.
    expect(problemOf('[a-z]{1000}'.repeat(6))).toMatch(/a simpler pattern \(about 600\d steps/);
    expect(performance.now() - started).toBeLessThan(200);
    expect(compiled('a{1000}').size).toBeLessThanOrEqual(MAX_PATTERN_SIZE);
    // A long alternation of words compiles small (RE2 factors common prefixes).
    const words = Array.from({ length: 700 }, (_, index) => `w${index.toString(36)}`);
    expect(compiled(`(${words.join('|')})$`).size).toBeLessThan(200);
  });

  it('escape control characters in what they report', () => {
    expect(problemOf('\u001b[31m(')).not.toContain('\u001b');
  });

  it('estimate the program size from above, skipping escapes and classes', () => {
    for (const source of ['rm -rf /', '(a|b)*a(a|b){20}$', 'x{30}y{2,5}', '[{}()]\\{\\x{41}{3}'])
      expect(estimatedSize(source)).toBeGreaterThanOrEqual(compiled(source).size);
    expect(estimatedSize('a{1000}')).toBeLessThan(1_100);
    expect(estimatedSize('(ab){3}c')).toBeLessThan(20);
  });
});
