import { describe, expect, it } from 'vitest';
import { layoutDag, stepDepths } from './dag-layout.js';

const geometry = { nodeWidth: 100, nodeHeight: 40, columnGap: 20, rowGap: 10 };

describe('stepDepths', () => {
  it('is the longest path from a root', () => {
    const depths = stepDepths([
      { id: 'plan', needs: [] },
      { id: 'research', needs: ['plan'] },
      { id: 'implement', needs: ['plan'] },
      { id: 'tests', needs: ['implement'] },
      { id: 'review', needs: ['research', 'tests'] },
    ]);
    expect(Object.fromEntries(depths)).toEqual({
      plan: 0,
      research: 1,
      implement: 1,
      tests: 2,
      review: 3,
    });
  });

  it('ignores unknown needs and survives cycles and self-loops', () => {
    const depths = stepDepths([
      { id: 'a', needs: ['ghost', 'a'] },
      { id: 'b', needs: ['c'] },
      { id: 'c', needs: ['b'] },
    ]);
    expect(depths.get('a')).toBe(0);
    expect([depths.get('b'), depths.get('c')].sort()).toEqual([0, 1]);
  });

  it('is not fooled by listing order', () => {
    const depths = stepDepths([
      { id: 'last', needs: ['middle'] },
      { id: 'middle', needs: ['first'] },
      { id: 'first', needs: [] },
    ]);
    expect(depths.get('last')).toBe(2);
  });
});

describe('layoutDag', () => {
  it('places steps in columns by depth and rows in listing order, with an edge per need', () => {
    const layout = layoutDag(
      [
        { id: 'plan', needs: [] },
        { id: 'research', needs: ['plan'] },
        { id: 'implement', needs: ['plan', 'plan'] },
        { id: 'review', needs: ['research', 'implement'] },
      ],
      geometry,
    );
    expect(layout.nodes.map(({ id, column, row, x, y }) => [id, column, row, x, y])).toEqual([
      ['plan', 0, 0, 0, 0],
      ['research', 1, 0, 120, 0],
      ['implement', 1, 1, 120, 50],
      ['review', 2, 0, 240, 0],
    ]);
    expect(layout.edges.map((edge) => `${edge.from}>${edge.to}`)).toEqual([
      'plan>research',
      'plan>implement',
      'research>review',
      'implement>review',
    ]);
    expect(layout.edges[1]?.path).toBe('M100,20 C120,20 100,70 120,70');
    expect([layout.width, layout.height]).toEqual([340, 90]);
  });

  it('lays out nothing for no steps, and keeps the first of duplicate ids', () => {
    expect(layoutDag([], geometry)).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
    const layout = layoutDag(
      [
        { id: 'a', needs: [] },
        { id: 'a', needs: [] },
      ],
      geometry,
    );
    expect(layout.nodes).toHaveLength(1);
  });
});
