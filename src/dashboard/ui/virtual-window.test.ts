import { describe, expect, it } from 'vitest';
import { nearEnd, scrollToReveal, visibleWindow } from './virtual-window.js';

const base = { rowHeight: 28, viewportHeight: 280, overscan: 5 };

describe('visibleWindow', () => {
  it('renders the rows in view plus the overscan, at the top', () => {
    expect(visibleWindow({ ...base, scrollTop: 0, rowCount: 200_000 })).toEqual({
      start: 0,
      end: 16, // 10 visible + 1 partial + 5 overscan
      offset: 0,
      totalHeight: 5_600_000,
    });
  });

  it('follows the scroll position deep into a long list', () => {
    const window = visibleWindow({ ...base, scrollTop: 28 * 150_000 + 10, rowCount: 200_000 });
    expect(window.start).toBe(149_995);
    expect(window.end).toBe(150_016);
    expect(window.offset).toBe(149_995 * 28);
  });

  it('clamps at the end and for a scroll past it', () => {
    const window = visibleWindow({ ...base, scrollTop: 1e12, rowCount: 100 });
    expect(window.end).toBe(100);
    expect(window.start).toBe(85);
  });

  it('handles empty and short lists', () => {
    expect(visibleWindow({ ...base, scrollTop: 0, rowCount: 0 })).toEqual({
      start: 0,
      end: 0,
      offset: 0,
      totalHeight: 0,
    });
    expect(visibleWindow({ ...base, scrollTop: 50, rowCount: 3 })).toMatchObject({
      start: 0,
      end: 3,
    });
  });
});

describe('nearEnd', () => {
  it('is true once the viewport is within the threshold of the last row', () => {
    const at = (scrollTop: number) =>
      nearEnd({ ...base, scrollTop, rowCount: 1000, overscan: 0 }, 200);
    expect(at(0)).toBe(false);
    expect(at(28 * 790 - 280 - 1)).toBe(false);
    expect(at(28 * 800 - 280)).toBe(true);
  });
});

describe('scrollToReveal', () => {
  it('scrolls just enough to show a row, or not at all', () => {
    expect(scrollToReveal(5, 0, 280, 28)).toBeNull();
    expect(scrollToReveal(10, 0, 280, 28)).toBe(28 * 11 - 280);
    expect(scrollToReveal(2, 280, 280, 28)).toBe(56);
  });
});
