/**
 * Light and dark themes: the system's choice (prefers-color-scheme, in app.css) unless the user
 * picked one with the toggle, which is remembered in localStorage and set as `data-theme` on
 * <html>.
 */
const STORAGE_KEY = 'claude-hybrid.theme';

export type Theme = 'light' | 'dark';

export function storedTheme(): Theme | null {
  const value = safeGet(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

export function applyStoredTheme(): void {
  const theme = storedTheme();
  if (theme !== null) document.documentElement.dataset.theme = theme;
}

export function currentTheme(): Theme {
  const set = document.documentElement.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Switches to the other theme and remembers it; returns the new one. */
export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  safeSet(STORAGE_KEY, next);
  return next;
}

/** localStorage can throw (disabled storage, private modes): the page works without it. */
export function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; nothing else depends on it.
  }
}
