import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.js';

describe('ERROR_CODES', () => {
  const entries = Object.entries(ERROR_CODES);

  it('gives every code a valid exit code and a one-line meaning', () => {
    expect(entries.length).toBeGreaterThan(80);
    for (const [code, info] of entries) {
      expect([1, 2], code).toContain(info.exitCode);
      expect(info.meaning.trim().length, code).toBeGreaterThan(10);
      expect(info.meaning, code).not.toMatch(/\n/);
    }
  });

  it('names codes `area.snake_case` (or a bare word for the two general ones)', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
    const bare = entries.map(([code]) => code).filter((code) => !code.includes('.'));
    expect(bare.sort()).toEqual(['internal', 'usage']);
  });
});
