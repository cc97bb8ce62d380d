/**
 * The keyboard selection in a list or table of DOM rows (j / k / Enter). Rows are focusable
 * (tabindex -1), so the selection is also where the focus ring is. Rows may carry a key
 * (`data-key`): when a refresh hands new rows, the row with the selected one's key is selected
 * again, and focused again if the old one had the focus.
 */
export class RowCursor {
  private rows: readonly HTMLElement[] = [];
  private index = -1;

  constructor(private readonly onActivate: (row: HTMLElement) => void) {}

  /** The rows to move over, in order; the selection is kept by key, else starts from none. */
  setRows(rows: readonly HTMLElement[]): void {
    const previous = this.rows[this.index];
    const key = previous?.dataset.key;
    const hadFocus = previous !== undefined && previous === document.activeElement;
    this.rows = rows;
    this.index = -1;
    for (const row of rows) {
      row.tabIndex = -1;
      row.classList.add('selectable');
      row.addEventListener('click', () => {
        this.select(rows.indexOf(row), true);
      });
    }
    if (key === undefined) return;
    const again = rows.findIndex((row) => row.dataset.key === key);
    if (again !== -1) this.select(again, hadFocus);
  }

  move(delta: number): void {
    if (this.rows.length === 0) return;
    const next =
      this.index === -1 ? (delta > 0 ? 0 : this.rows.length - 1) : this.index + Math.sign(delta);
    this.select(Math.min(this.rows.length - 1, Math.max(0, next)), true);
  }

  activate(): void {
    const row = this.rows[this.index];
    if (row !== undefined) this.onActivate(row);
  }

  private select(index: number, focus: boolean): void {
    this.rows[this.index]?.removeAttribute('aria-selected');
    this.index = index;
    const row = this.rows[index];
    if (row === undefined) return;
    row.setAttribute('aria-selected', 'true');
    if (!focus) return;
    if (row.isConnected) row.focus();
    // A refresh's rows enter the page right after: focus then, without scrolling the view.
    else
      queueMicrotask(() => {
        row.focus({ preventScroll: true });
      });
  }
}
