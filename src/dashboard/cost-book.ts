/**
 * Model calls summed per minute, by model and by agent: the Cost view's data. Minutes are the
 * finest grain the page asks for, so any coarser bucket is a sum of minutes, and the book's size
 * grows with the minutes that had calls, not with the calls.
 */
import { roundUsd } from '../models/cost.js';
import type { CostAnswer, CostSeries, CostTotals } from './api-types.js';

const MINUTE_MS = 60_000;

/** What one call adds: its tokens and cost. */
export interface CallCost {
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
}

type Sums = [cost: number, input: number, output: number, cacheRead: number, cacheWrite: number];

function addTo(sums: Sums, call: CallCost): void {
  sums[0] += call.costUsd;
  sums[1] += call.inputTokens;
  sums[2] += call.outputTokens;
  sums[3] += call.cacheReadTokens;
  sums[4] += call.cacheWriteTokens;
}

/** Keyed by minute start, then by model or agent name. */
type Grid = Map<number, Map<string, Sums>>;

function addToGrid(grid: Grid, minute: number, name: string, call: CallCost): void {
  let row = grid.get(minute);
  if (row === undefined) grid.set(minute, (row = new Map<string, Sums>()));
  let sums = row.get(name);
  if (sums === undefined) row.set(name, (sums = [0, 0, 0, 0, 0]));
  addTo(sums, call);
}

export class CostBook {
  private readonly byModel: Grid = new Map();
  private readonly byAgent: Grid = new Map();
  private readonly totals: Sums = [0, 0, 0, 0, 0];
  private calls = 0;

  add(ts: number, model: string, agent: string, call: CallCost): void {
    const minute = Math.floor(ts / MINUTE_MS) * MINUTE_MS;
    addToGrid(this.byModel, minute, model, call);
    addToGrid(this.byAgent, minute, agent, call);
    addTo(this.totals, call);
    this.calls += 1;
  }

  /** The sums in buckets of `bucketMs` (a whole number of minutes), oldest first. */
  answer(bucketMs: number): CostAnswer {
    const size = Math.max(MINUTE_MS, Math.round(bucketMs / MINUTE_MS) * MINUTE_MS);
    const starts = [...new Set([...this.byModel.keys()].map((minute) => bucketOf(minute, size)))];
    starts.sort((left, right) => left - right);
    const index = new Map(starts.map((start, position) => [start, position]));
    return {
      buckets: starts,
      byModel: seriesOf(this.byModel, size, index),
      byAgent: seriesOf(this.byAgent, size, index),
      totals: totalsOf(this.totals, this.calls),
    };
  }
}

function bucketOf(minute: number, size: number): number {
  return Math.floor(minute / size) * size;
}

type SeriesKey = keyof CostSeries;
type MutableSeries = Record<SeriesKey, number[]>;
/** The order of Sums: which series each position adds to. */
const SERIES_KEYS: readonly SeriesKey[] = [
  'costUsd',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
];

function seriesOf(
  grid: Grid,
  size: number,
  index: ReadonlyMap<number, number>,
): Record<string, CostSeries> {
  const series = new Map<string, MutableSeries>();
  const zeros = (): number[] => new Array<number>(index.size).fill(0);
  for (const [minute, row] of grid) {
    const position = index.get(bucketOf(minute, size)) ?? 0;
    for (const [name, sums] of row) {
      let one = series.get(name);
      if (one === undefined) {
        one = {
          costUsd: zeros(),
          inputTokens: zeros(),
          outputTokens: zeros(),
          cacheReadTokens: zeros(),
          cacheWriteTokens: zeros(),
        };
        series.set(name, one);
      }
      SERIES_KEYS.forEach((key, at) => {
        const values = one[key];
        values[position] = (values[position] ?? 0) + (sums[at] ?? 0);
      });
      one.costUsd[position] = roundUsd(one.costUsd[position] ?? 0);
    }
  }
  // fromEntries defines keys, so a model or agent named "__proto__" stays data.
  return Object.fromEntries(series);
}

function totalsOf(sums: Sums, calls: number): CostTotals {
  return {
    calls,
    costUsd: roundUsd(sums[0]),
    inputTokens: sums[1],
    outputTokens: sums[2],
    cacheReadTokens: sums[3],
    cacheWriteTokens: sums[4],
  };
}
