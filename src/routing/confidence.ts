import type { TermMatch } from './bm25-index.js';

/**
 * The confidence at or above which the router's first choice is trusted. Confidence is
 * calibrated so that, on the held-out labelled splits, a choice at or above this level is right
 * at least 95% of the time. Below it, `route` says it is unsure and names the runner-up, and
 * with `routing.llm: auto` a small model chooses among the best candidates.
 */
export const CONFIDENT_AT = 0.8;

/**
 * The confidence curve, fitted by bench/routing/calibrate.mjs on the tuning splits only: a
 * logistic curve over ln(1 + best score), the margin to the runner-up and how many of the
 * matched terms the best agent has in its name, keywords, description or examples (up to four),
 * and the knee, the curve's value from which at least 97% of the first choices were right in
 * every tuning set. Re-run that script after changing the index or the query, and copy its
 * output here.
 */
const CALIBRATION = { a: 0.597, b: 6.005, d: 1.555, c: -2.817, knee: 0.974 };

/** How many matched terms count fully towards confidence (see CALIBRATION). */
const TELLING_MATCHES = 4;

/**
 * Confidence that the best agent is right, 0–1: the fitted curve, bent so that its knee lands on
 * CONFIDENT_AT. At or above CONFIDENT_AT the first choice is one the router was right about at
 * least 95% of the time on tasks it was not fitted on; below it, `route` says it is unsure.
 * `telling` is how many matched terms the best agent has outside its prompt body and headings.
 */
export function calibrate(best: number, second: number, telling = TELLING_MATCHES): number {
  if (best <= 0) return 0;
  const margin = (best - second) / best;
  const { a, b, c, d, knee } = CALIBRATION;
  const head = Math.min(telling, TELLING_MATCHES) / TELLING_MATCHES;
  const curve = 1 / (1 + Math.exp(-(a * Math.log1p(best) + b * margin + d * head + c)));
  const bent =
    curve < knee
      ? (curve / knee) * CONFIDENT_AT
      : CONFIDENT_AT + ((curve - knee) / (1 - knee)) * (1 - CONFIDENT_AT);
  return round(bent);
}

/** The matched terms an agent has in its name, keywords, description or examples. */
export function tellingMatches(matches: readonly TermMatch[]): number {
  return matches.filter((match) =>
    match.fields.some((field) => field !== 'body' && field !== 'headings'),
  ).length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
