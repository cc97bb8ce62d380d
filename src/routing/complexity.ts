import { CONCERNS, findTerms } from './complexity-terms.js';
import type { LexiconName } from './complexity-terms.js';
import { MAX_SCORED_CHARS } from './text.js';

export type Complexity = 'simple' | 'moderate' | 'complex';

export interface ComplexityAssessment {
  readonly complexity: Complexity;
  /** The evidence that the task is complex (opus), compared with COMPLEXITY_MODEL.complexFrom. */
  readonly score: number;
  /** The evidence that the task needs more than a quick job, compared with simpleBelow. */
  readonly scope: number;
  /** Each feature that fired, with what it adds to each score: the explanation. */
  readonly reasons: readonly string[];
}

/** Every feature the classifier reads from a task. */
export const COMPLEXITY_FEATURES = [
  'bare',
  'short',
  'brief',
  'detailed',
  'long',
  'listed',
  'incident',
  'money',
  'auth',
  'security',
  'dataLoss',
  'migration',
  'concurrency',
  'architecture',
  'compliance',
  'specialist',
  'ownSystem',
  'deliverables',
  'twoConcerns',
  'namesCode',
  'howTo',
  'breadth',
  'constraint',
  'design',
  'plan',
  'riskKinds',
  'multiConcern',
  'versionJump',
  'scale',
  'manyUnits',
  'review',
  'investigation',
  'comparison',
  'build',
  'light',
  'prose',
  'lookup',
  'opensSmall',
  'opensQuestion',
  'opensSituation',
  'question',
  'oneFile',
  'manyFiles',
  'pasted',
] as const;

export type ComplexityFeature = (typeof COMPLEXITY_FEATURES)[number];

/** What one feature adds to each score. */
export interface FeatureWeight {
  /** Towards complex (opus). */
  readonly risk: number;
  /** Towards more than a quick job (sonnet or above). */
  readonly scope: number;
}

export interface ComplexityModel {
  readonly bias: FeatureWeight;
  readonly weights: Readonly<Record<ComplexityFeature, FeatureWeight>>;
  /** A risk score at or above this is complex. */
  readonly complexFrom: number;
  /** Otherwise, a scope score below this is simple, and the rest moderate. */
  readonly simpleBelow: number;
}

/**
 * Two scores in the rubric's order (bench/routing/LABELLING.md): first, is anything high-risk or
 * cross-cutting (risk ≥ complexFrom: complex); if not, is it more than a quick, local job
 * (scope ≥ simpleBelow: moderate, else simple). Each is a logistic regression over the same
 * features, fitted by bench/routing/fit-complexity.mjs to the labelled tuning sets (bundled,
 * wshobson, voltagent: 574 tasks), never to the held-out ones. The cut-offs are asymmetric: a
 * cheaper tier than the task needs loses quality, so they keep that at 2.5% or less of each
 * tuning set, judged on out-of-fold scores (how tasks the fit never saw score), and take the
 * most agreement left. In 5-fold cross-validation: 41% agreement, 1.4-1.8% under-tiered per
 * set, 1.16-1.19x the labelled tiers' cost. Re-run the fit after changing a feature.
 */
export const COMPLEXITY_MODEL: ComplexityModel = {
  bias: { risk: -2.15, scope: 1.55 },
  weights: {
    bare: { risk: 0.1, scope: -1.3 },
    short: { risk: 0.05, scope: -1.65 },
    brief: { risk: -0.1, scope: -0.85 },
    detailed: { risk: 0.35, scope: 0.9 },
    long: { risk: 0.65, scope: 0.15 },
    listed: { risk: 0.95, scope: 0.4 },
    incident: { risk: 1.25, scope: 0.55 },
    money: { risk: 0.45, scope: 0.8 },
    auth: { risk: 0.35, scope: 0.4 },
    security: { risk: 1.65, scope: 0.65 },
    dataLoss: { risk: 0.85, scope: 0.25 },
    migration: { risk: 0.5, scope: 0.25 },
    concurrency: { risk: 1.45, scope: 1.1 },
    architecture: { risk: 0.3, scope: 0.7 },
    compliance: { risk: 0.55, scope: 0.45 },
    specialist: { risk: 1.45, scope: 1 },
    ownSystem: { risk: -0.2, scope: -0.25 },
    deliverables: { risk: 0.2, scope: 0.6 },
    twoConcerns: { risk: -0.5, scope: 0.45 },
    namesCode: { risk: -0.45, scope: -0.35 },
    howTo: { risk: 0, scope: -0.45 },
    breadth: { risk: 0.4, scope: 1.05 },
    constraint: { risk: 1, scope: 0.55 },
    design: { risk: 0.8, scope: 0.85 },
    plan: { risk: 0.55, scope: 0.35 },
    riskKinds: { risk: 0.25, scope: 0.2 },
    multiConcern: { risk: -0.6, scope: 0.3 },
    versionJump: { risk: 0.9, scope: 0.8 },
    scale: { risk: 0.65, scope: 0.45 },
    manyUnits: { risk: 1.6, scope: 0.3 },
    review: { risk: 0.9, scope: 1.25 },
    investigation: { risk: 0.15, scope: 0.5 },
    comparison: { risk: 0.05, scope: -0.4 },
    build: { risk: 0.35, scope: 0.65 },
    light: { risk: -0.15, scope: -1.3 },
    prose: { risk: -0.25, scope: -0.25 },
    lookup: { risk: -0.6, scope: -0.6 },
    opensSmall: { risk: 0.1, scope: -0.8 },
    opensQuestion: { risk: -0.35, scope: -1.45 },
    opensSituation: { risk: 1, scope: 0.5 },
    question: { risk: -0.1, scope: -0.35 },
    oneFile: { risk: -0.35, scope: -0.65 },
    manyFiles: { risk: -0.6, scope: -0.55 },
    pasted: { risk: -0.6, scope: -0.7 },
  },
  complexFrom: -1.891,
  simpleBelow: -1.256,
};

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
  ['compliance', 'law or compliance'],
  ['specialist', 'specialist work'],
  ['ownSystem', 'a whole system'],
  ['deliverables', 'deliverables beyond the change'],
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
  'compliance',
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

const STEP = /(?:^|\n)\s*(?:[-*\u2022]|\d+[.)])\s+/g;
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
/**
 * Many parts of one kind: 20 services, ~60 components, 40 legacy files. A count, then a unit,
 * maybe after one other word. Matched as a count and a lookup of the word after it: as one
 * case-blind regular expression with the units as alternatives, compiling it took 1.5 ms of
 * every cold `route`.
 */
const COUNT = /\b(\d+)\+?\s+/g;
const WORD_THEN_SPACE = /[A-Za-z-]+\s/y;
const WORD_RUN = /\w+/y;
const UNITS = words(
  'services files components repos repositories packages routes tables controllers modules endpoints resources teams apps microservices pages screens jobs functions queries workflows regions tenants agents clusters databases',
);
/** A move to another major version: Vue 2→3, Node 16 to 20, onto Python 3.12, to .NET 8. */
const VERSION_JUMP =
  /\bv?\d+(?:\.\d+)*(?:\.x)?\s*(?:\u2192|->|to)\s*v?\d+(?:\.\d+)*(?:\.x)?\b|\b(?:to|onto)\s+(?:[A-Z.][\w.#+-]*\s?v?\d+(?:\.\d+)*|v?\d+\.\d+)\b/;
/** A function, method or identifier named in the task: `slugify()`, getBadgeColor, parse_date. */
const CODE_NAME = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\b\w+\(\)/g;
/** A how-to question about one thing. */
const HOW_TO =
  /\bhow (?:do|can|would) (?:i|you)\b|\bwhat(?:'s| is) the (?:right|best|correct|proper) way\b/i;

/*
 * Each regular expression above costs 50-500 µs to compile, on first use, in every cold
 * `route`: more than the rest of the classifier. So each runs only when a plain string test
 * shows the text could match it (a digit before a unit, a lower-case letter before a capital,
 * "to" for a version jump, ...); the tests may let through text that then does not match, never
 * the other way round, so the features are exactly what the expressions alone give.
 */

/** Parts of a list written in a sentence: "reserve, release and query" (commas and semicolons). */
function listSeparators(prose: string): number {
  let total = 0;
  for (let index = 0; index < prose.length; index += 1) {
    const code = prose.charCodeAt(index);
    if (code === 44 || code === 59) total += 1; // , ;
  }
  return total;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isLetterOrDigit = (code: number): boolean =>
  isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** The first letters of LARGE_NUMBER's units: k, m, gb, tb, million, billion, either case. */
const isUnitInitial = (code: number): boolean => {
  const lower = code | 32;
  return lower === 107 || lower === 109 || lower === 103 || lower === 116 || lower === 98;
};

/**
 * What the digits of `prose` allow: a digit at all; a large number (two digits in a row, or a
 * digit then a unit's first letter, maybe after one other character: LARGE_NUMBER); a count
 * (a digit then a character that is not a letter or digit: COUNT's `\+?\s+`).
 */
function digitShapes(prose: string): { any: boolean; large: boolean; count: boolean } {
  let any = false;
  let large = false;
  let count = false;
  for (let index = 0; index < prose.length; index += 1) {
    if (!isDigit(prose.charCodeAt(index))) continue;
    any = true;
    const next = prose.charCodeAt(index + 1); // NaN past the end
    if (isDigit(next) || isUnitInitial(next)) large = true;
    else if (!Number.isNaN(next) && !isLetterOrDigit(next)) {
      count = true;
      if (isUnitInitial(prose.charCodeAt(index + 2))) large = true;
    }
    if (large && count) break;
  }
  return { any, large, count };
}

/** A lower-case letter right before a capital: what CODE_NAME's camelCase needs. */
function hasCamelCase(prose: string): boolean {
  for (let index = 1; index < prose.length; index += 1) {
    const code = prose.charCodeAt(index);
    if (code >= 65 && code <= 90) {
      const before = prose.charCodeAt(index - 1);
      if (before >= 97 && before <= 122) return true;
    }
  }
  return false;
}

/** Whether STEP could match: a line break, or text that opens with a bullet or a digit. */
function couldHaveSteps(text: string): boolean {
  if (text.includes('\n')) return true;
  const first = text.trimStart().charCodeAt(0);
  return first === 45 || first === 42 || first === 0x2022 || isDigit(first); // - * •
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let total = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** The largest count of units in `prose` (see COUNT), or 0. */
function mostUnits(prose: string): number {
  let most = 0;
  COUNT.lastIndex = 0;
  for (let found = COUNT.exec(prose); found !== null; found = COUNT.exec(prose)) {
    const at = COUNT.lastIndex;
    WORD_THEN_SPACE.lastIndex = at;
    const unit =
      unitAt(prose, at) ||
      (WORD_THEN_SPACE.test(prose) && unitAt(prose, WORD_THEN_SPACE.lastIndex));
    if (unit) most = Math.max(most, Number(found[1]));
  }
  return most;
}

/** Whether the word at `at` is a unit: the whole word, as `\b` after the unit required. */
function unitAt(text: string, at: number): boolean {
  WORD_RUN.lastIndex = at;
  const run = WORD_RUN.exec(text);
  return run !== null && UNITS.has(run[0].toLowerCase());
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
  const blocks = text.includes('```') ? count(CODE_BLOCK, text) : 0;
  const prose = blocks > 0 ? text.replace(CODE_BLOCK, ' ') : text;
  const chunks = prose.split(/\s+/).filter((chunk) => chunk !== '');
  const size = chunks.length;
  if (size <= 6) set('bare', 1, `a bare request (${size} words)`);
  else if (size <= 12) set('short', 1, `short (${size} words)`);
  else if (size <= 20) set('brief', 1, `brief (${size} words)`);
  else if (size > 40) set('long', 1, `long (${size} words)`);
  else if (size > 28) set('detailed', 1, `detailed (${size} words)`);
  const lowerProse = prose.toLowerCase();
  const tokens = lowerProse.match(WORD) ?? [];
  const terms = findTerms(tokens);
  const parts =
    listSeparators(prose) +
    (couldHaveSteps(text) ? count(STEP, text) : 0) +
    (terms.connective?.length ?? 0);
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
  if (concerns.length === 2)
    set(
      'twoConcerns',
      1,
      `2 concerns: ${concerns.map((concern) => concern.replace('Concern', '')).join(', ')}`,
    );
  if (concerns.length >= 3)
    set(
      'multiConcern',
      1,
      `${concerns.length} concerns: ${sample(concerns.map((concern) => concern.replace('Concern', '')))}`,
    );
  const digits = digitShapes(prose);
  const jump =
    digits.any && (prose.includes('to') || prose.includes('->') || prose.includes('\u2192'))
      ? VERSION_JUMP.exec(prose)
      : null;
  if (jump !== null) set('versionJump', 1, `version jump: ${jump[0]}`);
  const large = digits.large ? prose.match(LARGE_NUMBER) : null;
  if (large !== null) set('scale', 1, `scale: ${sample(large.map((match) => match.trim()))}`);
  const units = digits.count ? mostUnits(prose) : 0;
  if (units >= 5) set('manyUnits', 1, `many parts (${units})`);
  const code =
    prose.includes('_') || prose.includes('()') || hasCamelCase(prose)
      ? prose.match(CODE_NAME)
      : null;
  if (code !== null) set('namesCode', 1, `names code: ${sample(code)}`);
  if ((lowerProse.includes('how ') || lowerProse.includes('what')) && HOW_TO.test(prose))
    set('howTo', 1, 'asks how to do one thing');
  const first = tokens[0] ?? '';
  for (const [feature, openers, note] of OPENINGS)
    if (openers.has(first)) set(feature, 1, `${note}: ${first}`);
  if (prose.trimEnd().endsWith('?')) set('question', 1, 'ends with a question');
  const files = namedFiles(chunks);
  if (files === 1) set('oneFile', 1, 'one file named');
  else if (files >= 3) set('manyFiles', 1, `${files} files named`);
  if (blocks > 0 || looksPasted(text, lowerProse)) set('pasted', 1, 'the code or error is pasted');
  return { values, notes };
}

/** A stack trace or an error line in `text` (which has no code block, so is the prose). */
function looksPasted(text: string, lowerText: string): boolean {
  return (
    (text.includes('\n') && STACK_TRACE.test(text)) ||
    text.includes('Traceback (most recent call last)') ||
    text.includes('panicked at') ||
    ((text.includes('Error') || text.includes('Exception')) && ERROR_NAME.test(text)) ||
    ((lowerText.includes('err') ||
      lowerText.includes('segfault') ||
      lowerText.includes('warning:')) &&
      ERROR_LINE.test(text))
  );
}

/** Classifies a task as simple, moderate or complex, with the reasons. */
export function assessComplexity(
  task: string,
  model: ComplexityModel = COMPLEXITY_MODEL,
): ComplexityAssessment {
  const { values, notes } = complexityFeatures(task);
  let risk = model.bias.risk;
  let scope = model.bias.scope;
  const reasons: string[] = [];
  // Object.entries loses the key type; the keys are ComplexityFeature by construction.
  for (const [feature, value] of Object.entries(values) as [ComplexityFeature, number][]) {
    const weight = model.weights[feature];
    if (weight.risk === 0 && weight.scope === 0) continue;
    risk += weight.risk * value;
    scope += weight.scope * value;
    reasons.push(
      `${notes[feature] ?? feature} (risk ${signed(weight.risk * value)}, scope ${signed(weight.scope * value)})`,
    );
  }
  if (reasons.length === 0) reasons.push('no signal either way (risk +0, scope +0)');
  const score = Math.round(risk * 100) / 100;
  const breadth = Math.round(scope * 100) / 100;
  const complexity: Complexity =
    score >= model.complexFrom ? 'complex' : breadth < model.simpleBelow ? 'simple' : 'moderate';
  return { complexity, score, scope: breadth, reasons };
}

function signed(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  return `${rounded >= 0 ? '+' : ''}${rounded}`;
}
