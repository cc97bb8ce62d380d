import { CONCERNS, findTerms } from './complexity-terms.js';
import type { LexiconName } from './complexity-terms.js';
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
 * The weight of each feature, the starting score and the class cut-offs, fitted by
 * bench/routing/fit-complexity.mjs to the labelled tuning sets (bundled, wshobson, voltagent:
 * 574 tasks), never to the held-out ones. The cut-offs are asymmetric: a cheaper tier than the
 * task needs loses quality, so they keep that at 3% or less of each set and take the most
 * agreement left, which sends most tasks without a small-change signal to opus. In 5-fold
 * cross-validation: 37% agreement, 3.5% under-tiered, 1.14x the cost of the labelled tiers.
 * Re-run the fit after changing a feature.
 */
export const COMPLEXITY_MODEL = {
  bias: 0,
  bare: -0.85,
  short: -1.1,
  brief: -0.5,
  detailed: 0.4,
  long: 0.7,
  listed: 0.75,
  incident: 1,
  money: 0.6,
  auth: 0.4,
  security: 1.55,
  dataLoss: 0.7,
  migration: 0.35,
  concurrency: 1.55,
  architecture: 0.35,
  breadth: 0.6,
  constraint: 0.95,
  design: 0.85,
  plan: 0.45,
  riskKinds: 0.2,
  multiConcern: -0.25,
  versionJump: 1.05,
  scale: 0.65,
  manyUnits: 1.4,
  review: 1.15,
  investigation: 0.3,
  comparison: -0.1,
  build: 0.5,
  light: -0.9,
  prose: -0.25,
  lookup: -0.7,
  opensSmall: -0.6,
  opensQuestion: -1.3,
  opensSituation: 0.85,
  question: -0.25,
  oneFile: -0.55,
  manyFiles: -0.75,
  pasted: -0.75,
  simpleBelow: -2.24,
  complexFrom: -0.44,
};

export type ComplexityFeature = Exclude<
  keyof typeof COMPLEXITY_MODEL,
  'bias' | 'simpleBelow' | 'complexFrom'
>;

/** Kinds of work, each named by its lexicon, and how a reason names it. */
const KINDS: readonly [ComplexityFeature & LexiconName, string][] = [
  ['incident', 'production trouble'],
  ['money', 'money'],
  ['auth', 'auth or tenancy'],
  ['security', 'security'],
  ['dataLoss', 'user data at risk'],
  ['migration', 'migration'],
  ['concurrency', 'concurrency'],
  ['architecture', 'architecture'],
  ['breadth', 'broad scope'],
  ['constraint', 'a constraint to keep'],
  ['design', 'design'],
  ['plan', 'planning'],
  ['review', 'a review'],
  ['investigation', 'an unknown cause'],
  ['comparison', 'weighing options'],
  ['build', 'building'],
  ['light', 'small change'],
  ['prose', 'prose from given input'],
  ['lookup', 'a look, not a change'],
];
/** The kinds the rubric calls high-risk: two of them in one task add up. */
const RISKS: ReadonlySet<ComplexityFeature> = new Set([
  'incident',
  'money',
  'auth',
  'security',
  'dataLoss',
  'migration',
  'concurrency',
]);

/** How a task opens says what kind of request it is. */
const OPENINGS: readonly [ComplexityFeature, ReadonlySet<string>, string][] = [
  [
    'opensSmall',
    words('add fix rename remove update bump pin move change swap replace inline wrap tweak'),
    'opens with a small edit',
  ],
  [
    'opensQuestion',
    words('how why what where which when is are does do can could should'),
    'opens with a question',
  ],
  ['opensSituation', words("we we're we've our"), 'opens with the situation'],
];

const STEP = /(?:^|\n)\s*(?:[-*•]|\d+[.)])\s+/g;
const CODE_BLOCK = /```[\s\S]*?(?:```|$)/g;
const STACK_TRACE = /\n\s+at [\w.<>$]+ ?\(|Traceback \(most recent call last\)|panicked at/;
/** An error named in the task: `TypeError`, `error[E0502]:`, `npm ERR!`, `errno`. */
const ERROR_NAME = /[a-z](?:Error|Exception)\b/;
const ERROR_LINE = /error\[?\w*\]?:|\bERR!?\b|\berrno\b|segfault|warning:/i;
const WORD = /[a-z0-9']+/g;
/** A file path or file name with an extension, once quotes and punctuation are trimmed. */
const FILE = /^(?:[\w.-]+\/)+[\w.*-]*$|^[\w-]+\.[a-z]{1,4}$/;
const EDGE_PUNCTUATION = /^[`'"(<[]+|[`'")>\],.:;!?]+$/g;
/** A quantity that signals scale: 120M rows, 2TB, 5,000 requests, ~400 controllers. */
const LARGE_NUMBER =
  /(?:~\s?\d{2,}|\b\d{1,3}(?:,\d{3})+|\b\d{4,}|\b\d+(?:\.\d+)?\s?(?:k|m|gb|tb|million|billion)\b)(?!\s?(?:px|ms|s|min|%))/gi;
/** Many parts of one kind: 20 services, ~60 components, 40 files. */
const MANY_UNITS =
  /\b(\d+)\+?\s+(?:[a-z-]+\s)?(?:services|files|components|repos|repositories|packages|routes|tables|controllers|modules|endpoints|resources|teams|apps|microservices|pages|screens|jobs|functions|queries|workflows|regions|tenants|agents|clusters|databases)\b/gi;
/** A move to another major version: Vue 2→3, Node 16 to 20, onto Python 3.12, to .NET 8. */
const VERSION_JUMP =
  /\bv?\d+(?:\.\d+)*(?:\.x)?\s*(?:→|->|to)\s*v?\d+(?:\.\d+)*(?:\.x)?\b|\b(?:to|onto)\s+(?:[A-Z.][\w.#+-]*\s?v?\d+(?:\.\d+)*|v?\d+\.\d+)\b/;
/** Parts of a list written in a sentence: "reserve, release and query". */
const LIST_SEPARATOR = /,|;/g;

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let total = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** How many distinct files or paths the task names. */
function namedFiles(chunks: readonly string[]): number {
  const files = new Set<string>();
  for (const chunk of chunks) {
    if (!chunk.includes('/') && !chunk.includes('.')) continue;
    const trimmed = chunk.replace(EDGE_PUNCTUATION, '');
    if (FILE.test(trimmed)) files.add(trimmed);
  }
  return files.size;
}

function sample(terms: readonly string[]): string {
  const unique = [...new Set(terms)];
  return unique.length > 4 ? `${unique.slice(0, 4).join(', ')}, ...` : unique.join(', ');
}

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
  const blocks = count(CODE_BLOCK, text);
  const prose = blocks > 0 ? text.replace(CODE_BLOCK, ' ') : text;
  const chunks = prose.split(/\s+/).filter((chunk) => chunk !== '');
  const size = chunks.length;
  if (size <= 6) set('bare', 1, `a bare request (${size} words)`);
  else if (size <= 12) set('short', 1, `short (${size} words)`);
  else if (size <= 20) set('brief', 1, `brief (${size} words)`);
  else if (size > 40) set('long', 1, `long (${size} words)`);
  else if (size > 28) set('detailed', 1, `detailed (${size} words)`);
  const tokens = prose.toLowerCase().match(WORD) ?? [];
  const terms = findTerms(tokens);
  const parts = count(LIST_SEPARATOR, prose) + count(STEP, text) + (terms.connective?.length ?? 0);
  if (parts >= 3) set('listed', 1, `${parts + 1} parts or steps`);
  let risks = 0;
  for (const [feature, label] of KINDS) {
    const found = terms[feature];
    if (found === undefined) continue;
    set(feature, 1, `${label}: ${sample(found)}`);
    if (RISKS.has(feature)) risks += 1;
  }
  if (risks >= 2) set('riskKinds', 1, `${risks} kinds of risk`);
  const concerns = CONCERNS.filter((concern) => terms[concern] !== undefined);
  if (concerns.length >= 3)
    set(
      'multiConcern',
      1,
      `${concerns.length} concerns: ${sample(concerns.map((concern) => concern.replace('Concern', '')))}`,
    );
  const jump = VERSION_JUMP.exec(prose);
  if (jump !== null) set('versionJump', 1, `version jump: ${jump[0]}`);
  if (/\d/.test(prose)) {
    const large = prose.match(LARGE_NUMBER);
    if (large !== null) set('scale', 1, `scale: ${sample(large.map((match) => match.trim()))}`);
    let units = 0;
    for (const match of prose.matchAll(MANY_UNITS)) units = Math.max(units, Number(match[1]));
    if (units >= 5) set('manyUnits', 1, `many parts (${units})`);
  }
  const first = tokens[0] ?? '';
  for (const [feature, openers, note] of OPENINGS)
    if (openers.has(first)) set(feature, 1, `${note}: ${first}`);
  if (/\?\s*$/.test(prose)) set('question', 1, 'ends with a question');
  const files = namedFiles(chunks);
  if (files === 1) set('oneFile', 1, 'one file named');
  else if (files >= 3) set('manyFiles', 1, `${files} files named`);
  if (blocks > 0 || STACK_TRACE.test(text) || ERROR_NAME.test(text) || ERROR_LINE.test(text))
    set('pasted', 1, 'the code or error is pasted');
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
    if (amount === 0) continue;
    score += amount;
    reasons.push(
      `${notes[feature] ?? feature} (${amount >= 0 ? '+' : ''}${Math.round(amount * 100) / 100})`,
    );
  }
  if (reasons.length === 0) reasons.push('no signal either way (+0)');
  const rounded = Math.round(score * 100) / 100;
  const complexity: Complexity =
    rounded < model.simpleBelow ? 'simple' : rounded < model.complexFrom ? 'moderate' : 'complex';
  return { complexity, score: rounded, reasons };
}
