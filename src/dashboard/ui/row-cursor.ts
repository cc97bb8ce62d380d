/**
 * The keyboard selection in a list or table of DOM rows (j / k / Enter). Rows are focusable
 * (tabindex -1), so the selection is also where the focus ring is.
 */
export class RowCursor {
  private rows: readonly HTMLElement[] = [];
  private index = -1;

  constructor(private readonly onActivate: (row: HTMLElement) => void) {}

  /** The rows to move over, in order; the selection starts again from none. */
  setRows(rows: readonly HTMLElement[]): void {
    this.rows = rows;
    this.index = -1;
    for (const row of rows) {
      row.tabIndex = -1;
      row.classList.add('selectable');
      row.addEventListener('click', () => {
        this.select(rows.indexOf(row));
      });
    }
  }

  move(delta: number): void {
    if (this.rows.length === 0) return;
    const next =
      this.index === -1 ? (delta > 0 ? 0 : this.rows.length - 1) : this.index + Math.sign(delta);
    this.select(Math.min(this.rows.length - 1, Math.max(0, next)));
  }

  activate(): void {
    const row = this.rows[this.index];
    if (row !== undefined) this.onActivate(row);
  }

  private select(index: number): void {
    this.rows[this.index]?.removeAttribute('aria-selected');
    this.index = index;
    const row = this.rows[index];
    if (row === undefined) return;
    row.setAttribute('aria-selected', 'true');
    row.focus({ preventScroll: false });
  }
}
