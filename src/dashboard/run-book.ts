/**
 * Agent runs and workflow runs from their events: started, the cost and tokens of each call or
 * step as it completes, and how they ended. Events can be applied in any order (a run's end
 * before its start, when a page of old events is read after a live one): an ended run never goes
 * back to running.
 */
import { roundUsd } from '../models/cost.js';
import type { RunSummary } from './api-types.js';

/** Runs kept; the oldest are dropped first. */
const MAX_RUNS = 10_000;

interface MutableRun {
  runId: string;
  kind: RunSummary['kind'];
  name: string;
  status: string;
  startedTs: number;
  endedTs: number | null;
  costUsd: number;
  tokens: number;
}

export class RunBook {
  private readonly runs = new Map<string, MutableRun>();

  started(runId: string, kind: RunSummary['kind'], name: string, ts: number): void {
    const run = this.run(runId, kind, ts);
    run.name = name;
    run.startedTs = Math.min(run.startedTs, ts);
  }

  /** A call or step finished: its cost and tokens count towards the run. */
  spent(
    runId: string,
    kind: RunSummary['kind'],
    ts: number,
    costUsd: number,
    tokens: number,
  ): void {
    const run = this.run(runId, kind, ts);
    run.costUsd = roundUsd(run.costUsd + costUsd);
    run.tokens += tokens;
  }

  ended(runId: string, kind: RunSummary['kind'], ts: number, status: string, name?: string): void {
    const run = this.run(runId, kind, ts);
    run.status = status;
    run.endedTs = ts;
    if (name !== undefined && run.name === '') run.name = name;
  }

  list(limit: number): RunSummary[] {
    const newest = [...this.runs.values()].sort((left, right) => right.startedTs - left.startedTs);
    return newest.slice(0, limit).map(summaryOf);
  }

  get(runId: string): RunSummary | undefined {
    const run = this.runs.get(runId);
    return run === undefined ? undefined : summaryOf(run);
  }

  private run(runId: string, kind: RunSummary['kind'], ts: number): MutableRun {
    let run = this.runs.get(runId);
    if (run === undefined) {
      if (this.runs.size >= MAX_RUNS) {
        const oldest = this.runs.keys().next().value;
        if (oldest !== undefined) this.runs.delete(oldest);
      }
      run = {
        runId,
        kind,
        name: '',
        status: 'running',
        startedTs: ts,
        endedTs: null,
        costUsd: 0,
        tokens: 0,
      };
      this.runs.set(runId, run);
    }
    return run;
  }
}

function summaryOf(run: MutableRun): RunSummary {
  return {
    runId: run.runId,
    kind: run.kind,
    name: run.name,
    status: run.status,
    startedTs: run.startedTs,
    durationMs: run.endedTs === null ? null : Math.max(0, run.endedTs - run.startedTs),
    costUsd: run.costUsd,
    tokens: run.tokens,
  };
}
