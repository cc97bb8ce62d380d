import { describe, expect, it } from 'vitest';
import { CONTEXT_MARKS, contextLevel } from './context-meter.js';

describe('contextLevel', () => {
  it('counts the marks a share has reached', () => {
    expect(CONTEXT_MARKS).toEqual([0.7, 0.85, 0.95]);
    expect(contextLevel(null)).toBe(0);
    expect(contextLevel(0.69)).toBe(0);
    expect(contextLevel(0.7)).toBe(1);
    expect(contextLevel(0.86)).toBe(2);
    expect(contextLevel(0.95)).toBe(3);
    expect(contextLevel(1.2)).toBe(3);
    expect(contextLevel(Number.NaN)).toBe(0);
  });
});
