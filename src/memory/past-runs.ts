import { normalizedTokens } from './similarity.js';

/**
 * How many of the latest runs a past-run search looks at. Recall runs before every agent run,
 * so its cost must stay flat however long the history grows; older runs matter less, and what
 * should last belongs in the memory files. (An FTS5 search over the whole history cost about
 * 1 ms per thousand similar runs, and FTS5 cannot seek an OR query to a rowid window.)
 */
export const RECENT_SESSIONS = 128;

/** A past run as the search sees it. */
export interface PastRun {
  readonly id: number;
  readonly task: string;
  readonly summary: string;
}

/** Words of a run, with a plural `s` dropped so "tests" meets "test". */
export function runWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of normalizedTokens(text))
    words.add(
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
  return words;
}

/**
 * Ranks recent runs against a task's words: each shared word counts by how rare it is among
 * the runs looked at (a word every run has says little), ties go to the newer run. Words of a
 * run are computed once per run id and kept while the run is in the window.
 */
export class PastRunRanker {
  private readonly words = new Map<number, ReadonlySet<string>>();

  rank<Run extends PastRun>(
    query: ReadonlySet<string>,
    runs: readonly Run[],
    limit: number,
  ): { run: Run; score: number }[] {
    if (query.size === 0 || runs.length === 0) return [];
    const wordsOf = runs.map((run) => this.wordsOf(run));
    this.forgetOutside(runs);
    const documents = new Map<string, number>();
    for (const words of wordsOf)
      for (const word of query)
        if (words.has(word)) documents.set(word, (documents.get(word) ?? 0) + 1);
    const scored: { run: Run; score: number }[] = [];
    runs.forEach((run, index) => {
      let score = 0;
      const words = wordsOf[index] ?? new Set<string>();
      for (const [word, count] of documents)
        if (words.has(word)) score += Math.log(1 + runs.length / count);
      if (score > 0) scored.push({ run, score });
    });
    return scored.sort((a, b) => b.score - a.score || b.run.id - a.run.id).slice(0, limit);
  }

  private wordsOf(run: PastRun): ReadonlySet<string> {
    let words = this.words.get(run.id);
    if (words === undefined) {
      words = runWords(`${run.task} ${run.summary}`);
      this.words.set(run.id, words);
    }
    return words;
  }

  /** Keeps the cache to the window: ids below the oldest run looked at are dropped. */
  private forgetOutside(runs: readonly PastRun[]): void {
    if (this.words.size <= RECENT_SESSIONS * 2) return;
    const oldest = Math.min(...runs.map((run) => run.id));
    for (const id of this.words.keys()) if (id < oldest) this.words.delete(id);
  }
}
