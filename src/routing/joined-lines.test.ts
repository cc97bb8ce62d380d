import { describe, expect, it } from 'vitest';
import { JoinedLines } from './joined-lines.js';

describe('JoinedLines', () => {
  const lines = new JoinedLines(['alpha beta', '', 'beta gamma', 'betabeta']);

  it('finds every occurrence across lines, overlapping ones included, in order', () => {
    expect(lines.positionsOf('beta')).toEqual([6, 12, 23, 27]);
    expect(lines.positionsOf('abab')).toEqual([]);
    expect(lines.positionsOf('')).toEqual([]);
  });

  it('maps a position back to its line, and a line to where it begins', () => {
    expect(lines.positionsOf('beta').map((at) => lines.lineAt(at))).toEqual([0, 2, 3, 3]);
    expect(lines.lineAt(0)).toBe(0);
    expect(lines.startOf(2)).toBe(12);
    expect(lines.text.slice(lines.startOf(3))).toBe('betabeta');
    expect(lines.startOf(1)).toBe(11);
  });
});
