import type { EventsRepository } from '../store/index.js';
import { runStats } from './run-stats.js';
import type { RunEvent, RunStats } from './run-stats.js';

/** Events read per query while scanning the log. */
const PAGE = 5_000;

/**
 * The run summary of a project's event log: every `run.completed` and `run.failed` at or after
 * `fromMs` (epoch ms; 0 for all), read in pages so a long log never sits in memory at once.
 */
export function runStatsFromLog(events: EventsRepository, fromMs = 0): RunStats {
  const runs: RunEvent[] = [];
  let afterId = 0;
  for (;;) {
    const page = events.list({ typePrefix: 'run.', afterId, order: 'asc', limit: PAGE });
    for (const record of page) {
      afterId = record.id;
      if (record.ts < fromMs) continue;
      if (record.type === 'run.completed' || record.type === 'run.failed')
        runs.push({ type: record.type, payload: record.payload } as RunEvent); // the type says which payload it is
    }
    if (page.length < PAGE) break;
  }
  return runStats(runs);
}
