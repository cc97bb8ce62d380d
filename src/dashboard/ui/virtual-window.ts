/**
 * Which rows of a fixed-row-height list are in the DOM: those in the viewport plus `overscan`
 * above and below. Pure: tested in virtual-window.test.ts.
 */
export interface WindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  /** px, the same for every row. */
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Rows rendered beyond each edge of the viewport. */
  readonly overscan: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  readonly start: number;
  /** Last rendered row (exclusive). */
  readonly end: number;
  /** px from the top of the list to the first rendered row. */
  readonly offset: number;
  /** px, the whole list's height (the spacer's). */
  readonly totalHeight: number;
}

export function visibleWindow(input: WindowInput): RowWindow {
  const { rowHeight, rowCount, overscan } = input;
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight };
  const maxScroll = Math.max(0, totalHeight - input.viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + visible + overscan);
  return { start, end, offset: start * rowHeight, totalHeight };
}

/** Whether the viewport's bottom is within `threshold` rows of the list's end. */
export function nearEnd(input: WindowInput, threshold: number): boolean {
  const bottom = Math.max(0, input.scrollTop) + input.viewportHeight;
  return bottom >= (input.rowCount - threshold) * input.rowHeight;
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}
