import { emptyState, h } from '../dom.js';
import type { View, ViewContext } from '../view.js';

export function runsView(context: ViewContext): View {
  return { element: h('section', { class: 'view' }, emptyState('runs', context.project)) };
}
