import { emptyState, h } from '../dom.js';
import type { View, ViewContext } from '../view.js';

export function sessionsView(context: ViewContext): View {
  return { element: h('section', { class: 'view' }, emptyState('sessions', context.project)) };
}
