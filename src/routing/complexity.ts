import { CONCERNS, findTerms } from './complexity-terms.js';
import type { LexiconName } from './complexity-terms.js';
import { MAX_SCORED_CHARS } from './text.js';
import {
  CODE_BLOCK,
  CODE_NAME,
  HOW_TO,
  LARGE_NUMBER,
  STEP,
  VERSION_JUMP,
  WORD,
  couldHaveSteps,
  count,
  digitShapes,
  hasCamelCase,
  listSeparators,
  looksPasted,
  mostUnits,
  namedFiles,
  words,
} from './complexity-text.js';

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
