/**
 * Lays a workflow's step DAG out in columns: a step's column is the length of the longest path
 * to it from a root (a step that needs nothing), so every edge points rightwards. Within a
 * column steps keep the order the run lists them in. Needs naming an unknown step are ignored;
 * a cycle (a malformed run) cannot loop: a step met again on its own path counts as a root.
 * Pure: tested in dag-layout.test.ts.
 */

export interface DagInput {
  readonly id: string;
  readonly needs: readonly string[];
}

export interface DagGeometry {
  /** px */
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly columnGap: number;
  readonly rowGap: number;
}

export interface PlacedNode {
  readonly id: string;
  readonly column: number;
  readonly row: number;
  /** px, top-left corner */
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  /** An SVG path from the middle of `from`'s right side to the middle of `to`'s left side. */
  readonly path: string;
}

export interface DagLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_GEOMETRY: DagGeometry = {
  nodeWidth: 200,
  nodeHeight: 76,
  columnGap: 56,
  rowGap: 18,
};

/** Each step's depth: the longest path from a root. */
export function stepDepths(steps: readonly DagInput[]): Map<string, number> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const depths = new Map<string, number>();
  const onPath = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    if (step === undefined || onPath.has(id)) return -1;
    onPath.add(id);
    let depth = 0;
    for (const need of step.needs) {
      if (!byId.has(need) || need === id) continue;
      const needDepth = depthOf(need);
      if (needDepth >= 0) depth = Math.max(depth, needDepth + 1);
    }
    onPath.delete(id);
    depths.set(id, depth);
    return depth;
  };
  for (const step of steps) depthOf(step.id);
  return depths;
}

export function layoutDag(
  steps: readonly DagInput[],
  geometry: DagGeometry = DEFAULT_GEOMETRY,
): DagLayout {
  const depths = stepDepths(steps);
  const rowsUsed: number[] = [];
  const placed = new Map<string, PlacedNode>();
  const nodes: PlacedNode[] = [];
  for (const step of steps) {
    if (placed.has(step.id)) continue; // a duplicate id: the first wins
    const column = depths.get(step.id) ?? 0;
    const row = rowsUsed[column] ?? 0;
    rowsUsed[column] = row + 1;
    const node: PlacedNode = {
      id: step.id,
      column,
      row,
      x: column * (geometry.nodeWidth + geometry.columnGap),
      y: row * (geometry.nodeHeight + geometry.rowGap),
    };
    placed.set(step.id, node);
    nodes.push(node);
  }
  const edges: PlacedEdge[] = [];
  for (const step of steps) {
    const to = placed.get(step.id);
    if (to === undefined) continue;
    for (const need of new Set(step.needs)) {
      const from = placed.get(need);
      if (from === undefined || need === step.id) continue;
      edges.push({ from: need, to: step.id, path: edgePath(from, to, geometry) });
    }
  }
  const columns = rowsUsed.length;
  const rows = Math.max(0, ...rowsUsed);
  return {
    nodes,
    edges,
    width: columns === 0 ? 0 : columns * geometry.nodeWidth + (columns - 1) * geometry.columnGap,
    height: rows === 0 ? 0 : rows * geometry.nodeHeight + (rows - 1) * geometry.rowGap,
  };
}

function edgePath(from: PlacedNode, to: PlacedNode, geometry: DagGeometry): string {
  const x1 = from.x + geometry.nodeWidth;
  const y1 = from.y + geometry.nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + geometry.nodeHeight / 2;
  const bend = Math.max(20, (x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}
