import { MAX_SCORED_CHARS } from './text.js';

export type Complexity = 'simple' | 'moderate' | 'complex';

export interface ComplexityAssessment {
  readonly complexity: Complexity;
  /** The summed evidence, compared with COMPLEXITY_MODEL's cut-offs. */
  readonly score: number;
  /** Each feature that fired, with its contribution: the explanation. */
  readonly reasons: readonly string[];
}

/**
 * Features a person can check. Risk terms weigh most: a short task that touches auth, data
 * deletion or concurrency still deserves the strongest model. Terms are matched on the task's
 * words (and word pairs and triples) against sets built once: one pass, no large regexes.
 */
interface Lexicon {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly phrases: ReadonlySet<string>;
}

function lexicon(words: string, prefixes: string, phrases: string): Lexicon {
  return {
    words: new Set(words.split(' ')),
    prefixes: prefixes.split(' '),
    phrases: new Set(phrases.split(',').map((phrase) => phrase.trim())),
  };
}

const RISK = lexicon(
  'oauth xss csrf erasure purge backfill production prod outage incident rollback deadlock mutex lock locks locking distributed failover billing dunning stripe pii gdpr hipaa charge charges charging',
  'secur auth encrypt crypto vulnerab inject migrat delet truncat concurren consisten replica shard invoic thread password secret credential refund payment subscription complian',
  'schema change, data loss, drop table, race condition, roll back, rolling back, zero downtime',
);
const SCOPE = lexicon(
  'rewrite entire monorepo platform',
  'architect redesign microservice',
  'across the, across all, across every, whole codebase, whole system, whole app, whole repo, every service, every module, every endpoint, all services, all modules, all endpoints, all packages, end to end, system wide, framework migration, multi region, multi tenant',
);
const LIGHT = lexicon(
  'typo typos rename comment docstring readme small quick simple bump spelling wording explain list',
  'lint format',
  'one line, what is, what does, how do i',
);
const DESIGN = lexicon(
  'design architecture strategy decide decision tradeoff tradeoffs plan roadmap rollout cutover boundaries evaluate',
  'architect',
  'how should we, what should we, should we, figure out, work out, from scratch',
);
const CONNECTIVE = lexicon('then also plus finally', '', 'as well as, after that');
const QUESTION =
  /(?:\?\s*$|^\s*(?:how|what|why|where|which|when|is|are|does|do|can you (?:explain|look|check|tell))\b|\b(?:just explain|don't change|do not change|small fix|quick question)\b)/i;
const STEP = /(?:^|\n)\s*(?:[-*•]|\d+[.)])\s+/g;
const CODE_BLOCK = /```/g;
const STACK_TRACE = /\n\s+at [\w.<>$]+ ?\(|Traceback \(most recent call last\)/;
const WORD = /[a-z0-9]+/g;
/** A file path or file name with an extension: `src/a.ts`, `config.py`, `docs/`. */
const FILE = /(?:[\w.-]+\/)+[\w.*-]*|\b[\w-]+\.(?:[a-z]{1,4})\b(?!\.)/g;

function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let total = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** The terms of `lexicon` in the task, in order of appearance (each counted where it occurs). */
function matchTerms(words: readonly string[], lexicon: Lexicon): string[] {
  const found: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    const triple = `${pair} ${words[index + 2] ?? ''}`;
    if (lexicon.phrases.has(triple)) found.push(triple);
    else if (lexicon.phrases.has(pair)) found.push(pair);
    else if (
      lexicon.words.has(word) ||
      lexicon.prefixes.some((prefix) => prefix !== '' && word.startsWith(prefix))
    )
      found.push(word);
  }
  return found;
}

function sample(terms: readonly string[]): string {
  const unique = [...new Set(terms)];
  return unique.length > 4 ? `${unique.slice(0, 4).join(', ')}, ...` : unique.join(', ');
}

/**
 * The weight of each feature, the starting score and the class cut-offs, fitted by
 * bench/routing/fit-complexity.mjs to both labelled sets (390 tasks). Agreement: 68% on the
 * bundled-agent tasks, 53% on the wshobson tasks, 56% in 5-fold cross-validation (the hand-set
 * weights before it: 61%, 48%, 53%). Re-run it after changing a feature.
 */
export const COMPLEXITY_MODEL = {
  bias: 1.75,
  short: -1.25,
  detailed: 0.5,
  long: 2,
  someSteps: 0.75,
  manySteps: 1.5,
  anyRisk: -0.5,
  perRisk: 0.75,
  perScope: 0.75,
  light: -0.75,
  question: -0.75,
  codeBlock: -1,
  stackTrace: 0.5,
  design: 1,
  oneFile: -0.5,
  simpleBelow: 1.5,
  complexFrom: 3.5,
};

export type ComplexityFeature = Exclude<
  keyof typeof COMPLEXITY_MODEL,
  'bias' | 'simpleBelow' | 'complexFrom'
>;

/** The features of a task: each value (1 for a flag, a count for counts) and what it saw. */
export function complexityFeatures(task: string): {
  values: Partial<Record<ComplexityFeature, number>>;
  notes: Partial<Record<ComplexityFeature, string>>;
} {
  const text = task.length > MAX_SCORED_CHARS ? task.slice(0, MAX_SCORED_CHARS) : task;
  const values: Partial<Record<ComplexityFeature, number>> = {};
  const notes: Partial<Record<ComplexityFeature, string>> = {};
  const set = (feature: ComplexityFeature, value: number, note: string): void => {
    values[feature] = value;
    notes[feature] = note;
  };
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  if (words <= 15) set('short', 1, `short (${words} words)`);
  else if (words > 40) set('long', 1, `long (${words} words)`);
  else if (words > 25) set('detailed', 1, `detailed (${words} words)`);
  const tokens = text.toLowerCase().match(WORD) ?? [];
  const steps = count(STEP, text) + matchTerms(tokens, CONNECTIVE).length;
  if (steps >= 4) set('manySteps', 1, `${steps} sub-tasks`);
  else if (steps >= 2) set('someSteps', 1, `${steps} sub-tasks`);
  const riskTerms = matchTerms(tokens, RISK);
  const risk = Math.min(3, riskTerms.length);
  if (risk > 0) {
    set('anyRisk', 1, `risk: ${sample(riskTerms)}`);
    set('perRisk', risk, `${riskTerms.length} risk term${riskTerms.length === 1 ? '' : 's'}`);
  }
  const scopeTerms = matchTerms(tokens, SCOPE);
  const scope = Math.min(2, scopeTerms.length);
  if (scope > 0) set('perScope', scope, `broad scope: ${sample(scopeTerms)}`);
  if (risk === 0 && scope === 0 && matchTerms(tokens, LIGHT).length > 0)
    set('light', 1, 'light-change wording');
  if (risk < 2 && scope === 0 && QUESTION.test(text))
    set('question', 1, 'a question or a look, not a change');
  const designTerms = matchTerms(tokens, DESIGN);
  if (designTerms.length > 0) set('design', 1, `design or planning: ${sample(designTerms)}`);
  const files = new Set(text.match(FILE) ?? []).size;
  if (files === 1) set('oneFile', 1, 'one file named');
  const blocks = Math.floor(count(CODE_BLOCK, text) / 2);
  if (blocks > 0) set('codeBlock', 1, `${blocks} code block${blocks === 1 ? '' : 's'}`);
  if (STACK_TRACE.test(text)) set('stackTrace', 1, 'stack trace');
  return { values, notes };
}

/** Classifies a task as simple, moderate or complex, with the reasons. */
export function assessComplexity(
  task: string,
  model: typeof COMPLEXITY_MODEL = COMPLEXITY_MODEL,
): ComplexityAssessment {
  const { values, notes } = complexityFeatures(task);
  let score = model.bias;
  const reasons: string[] = [];
  // Object.entries loses the key type; the keys are ComplexityFeature by construction.
  for (const [feature, value] of Object.entries(values) as [ComplexityFeature, number][]) {
    const amount = model[feature] * value;
    score += amount;
    reasons.push(
      `${notes[feature] ?? feature} (${amount >= 0 ? '+' : ''}${Math.round(amount * 100) / 100})`,
    );
  }
  if (reasons.length === 0)
    reasons.push('no size, step, risk or scope signal: an ordinary task (+0)');
  const rounded = Math.round(score * 100) / 100;
  const complexity: Complexity =
    rounded < model.simpleBelow ? 'simple' : rounded < model.complexFrom ? 'moderate' : 'complex';
  return { complexity, score: rounded, reasons };
}
