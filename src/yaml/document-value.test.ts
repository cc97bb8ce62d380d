import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ALIAS_BOMB_REASON, documentValue } from './document-value.js';
import { parseFullYaml } from './full-yaml.js';

/** Nine levels of nine aliases each: 9^9 strings once expanded, a few hundred bytes as text. */
function aliasBomb(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let previous = 'a';
  for (const name of 'bcdefghi') {
    text += `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]\n`;
    previous = name;
  }
  return text;
}

describe('documentValue', () => {
  it('converts an ordinary document, aliases within the cap included', () => {
    const document = parseDocument('base: &base {x: 1}\nother: *base\n');
    expect(documentValue(document, 50)).toEqual({ value: { base: { x: 1 }, other: { x: 1 } } });
  });

  it('names an alias bomb instead of throwing', () => {
    const started = performance.now();
    expect(documentValue(parseDocument(aliasBomb()), 50)).toEqual({
      value: undefined,
      error: ALIAS_BOMB_REASON,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports an alias without its anchor as a reason, not a throw', () => {
    const result = documentValue(parseDocument('a: *missing\n'), 50);
    expect(result.error).toMatch(/^Unresolved alias/);
  });

  it('gives parseFullYaml (agent frontmatter) the same reason', () => {
    expect(parseFullYaml(`name: x\n${aliasBomb()}`).error?.message).toBe(ALIAS_BOMB_REASON);
  });
});
