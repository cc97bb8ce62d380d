import type { StepNode } from '../../api-types.js';
import { DEFAULT_GEOMETRY, layoutDag } from '../dag-layout.js';
import { h, svg } from '../dom.js';
import { formatCount, formatDuration, formatUsd } from '../format.js';

/**
 * A workflow's steps as a DAG: HTML boxes (one per step, `data-step` and `data-status` set) over
 * an inline SVG holding the edges. Positions come from dag-layout.ts.
 */
export function dagView(steps: readonly StepNode[]): HTMLElement {
  const geometry = DEFAULT_GEOMETRY;
  const layout = layoutDag(steps, geometry);
  const byId = new Map(steps.map((step) => [step.id, step]));
  const edges = svg('svg', {
    width: layout.width,
    height: layout.height,
    'aria-hidden': 'true',
  });
  for (const edge of layout.edges) {
    const path = svg('path', { d: edge.path, 'data-from': edge.from, 'data-to': edge.to });
    edges.appendChild(path);
  }
  const nodes = layout.nodes.map((placed) => {
    const step = byId.get(placed.id);
    if (step === undefined) return null;
    const tokens = step.inputTokens + step.outputTokens;
    return h(
      'div',
      {
        class: 'dag-node',
        'data-step': step.id,
        'data-status': step.status,
        style: `left:${String(placed.x)}px;top:${String(placed.y)}px;width:${String(geometry.nodeWidth)}px;height:${String(geometry.nodeHeight)}px`,
        title: `${step.id}: ${step.status}${step.needs.length > 0 ? `, needs ${step.needs.join(', ')}` : ''}`,
      },
      h('strong', null, step.id),
      h('div', { class: 'muted' }, `${step.agent ?? '—'} · ${step.status}`),
      h(
        'div',
        { class: 'muted' },
        `${formatDuration(step.durationMs)} · ${formatCount(tokens)} tok · ${formatUsd(step.costUsd)}${step.iterations > 1 ? ` · ×${String(step.iterations)}` : ''}`,
      ),
    );
  });
  return h(
    'div',
    {
      class: 'dag',
      role: 'img',
      'aria-label': `Workflow steps: ${String(steps.length)}`,
      style: `width:${String(layout.width)}px;height:${String(layout.height)}px`,
    },
    edges,
    nodes,
  );
}
