import { emptyState, h } from '../dom.js';
import type { View, ViewContext } from '../view.js';

export function memoryView(context: ViewContext): View {
  return { element: h('section', { class: 'view' }, emptyState('memory', context.project)) };
}
