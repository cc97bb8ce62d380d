import { viewForKey } from './router.js';
import type { ViewName } from './router.js';
import type { View } from './view.js';

export interface KeyTargets {
  readonly view: () => View | null;
  readonly navigate: (view: ViewName) => void;
  readonly toggleTheme: () => void;
  readonly toggleHelp: () => void;
}

/**
 * The page's shortcuts (listed in help-overlay.ts). Keys typed into a text box stay there, but
 * Escape leaves the box so the shortcuts work again.
 */
export function handleKey(event: KeyboardEvent, targets: KeyTargets): void {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const target = event.target;
  if (target instanceof HTMLElement && isTextEntry(target)) {
    if (event.key === 'Escape') target.blur();
    return;
  }
  const view = targets.view();
  const viewName = viewForKey(event.key);
  let handled = true;
  if (viewName !== null) targets.navigate(viewName);
  else if (event.key === '/') handled = view?.focusSearch?.() ?? false;
  else if (event.key === 'j' || event.key === 'ArrowDown') handled = call(view?.move, 1);
  else if (event.key === 'k' || event.key === 'ArrowUp') handled = call(view?.move, -1);
  else if (event.key === 'Enter') {
    // A focused link or button does its own thing on Enter.
    if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
    handled = call(view?.activate);
  } else if (event.key === 'p') handled = call(view?.togglePause);
  else if (event.key === 't') targets.toggleTheme();
  else if (event.key === '?') targets.toggleHelp();
  else handled = false;
  if (handled) event.preventDefault();
}

function call(action: ((delta: number) => void) | (() => void) | undefined, delta = 0): boolean {
  if (action === undefined) return false;
  action(delta);
  return true;
}

function isTextEntry(element: HTMLElement): boolean {
  if (element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (!(element instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(element.type);
}
