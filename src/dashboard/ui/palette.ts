/** Series colours, readable on both themes; a series keeps its colour by position. */
export const SERIES_COLORS = [
  '#4c8dff',
  '#f5a524',
  '#2fbf71',
  '#e5484d',
  '#a371f7',
  '#12a4b8',
  '#d6409f',
  '#8d9b2f',
] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? '#4c8dff';
}

/** The current theme's chart colours, read from the CSS variables in app.css. */
export function chartTheme(): { readonly text: string; readonly grid: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--muted').trim() || '#888',
    grid: style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.2)',
  };
}
