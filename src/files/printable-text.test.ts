import { describe, expect, it } from 'vitest';
import { printable } from './printable-text.js';

describe('printable', () => {
  it('escapes control characters, C1 and line separators included, and nothing else', () => {
    expect(printable('a\u001b[2Jb\nc\u009bd\u2028é')).toBe('a\\u001b[2Jb\\u000ac\\u009bd\\u2028é');
    expect(printable('rm -rf / (pattern)')).toBe('rm -rf / (pattern)');
  });

  it('is idempotent and cuts to the length asked', () => {
    const once = printable('\u0007bell');
    expect(printable(once)).toBe(once);
    expect(printable('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
