// Fits COMPLEXITY_MODEL (src/routing/complexity.ts) to the labelled tuning sets, never to the
// held-out splits (*-heldout.jsonl, which this script does not read). Two steps:
//  1. the feature weights: an ordinal logistic regression (one score, two cut-offs) with an L2
//     penalty, so that the score orders tasks by how much model they need;
//  2. the cut-offs, asymmetric, in this order of priority: under-tiering (a cheaper tier than
//     the label, where quality is lost) at or below UNDER_LIMIT on every set; then the most
//     agreement; then the cost at or below COST_LIMIT times the labelled tiers' cost.
// A 5-fold cross-validation estimates the figures on tasks the fit never saw; then the model is
// fitted on every tuning task. Copy the printed model into the source.
// Run: node bench/routing/fit-complexity.mjs [--frontier]
// --frontier also prints the cross-validated trade-off for a range of under-tiering limits.
import { bundleForBench } from '../bundle.mjs';
import { loadTasks } from '../routing-kit.mjs';

const {
  COMPLEXITY_MODEL,
  OUTPUT_TOKENS,
  TIER_FOR_COMPLEXITY,
  assessComplexity,
  bundledModelTable,
  complexityFeatures,
} = await import(
  bundleForBench(
    'complexity-fit',
    "export { COMPLEXITY_MODEL, assessComplexity, complexityFeatures } from './src/routing/complexity.ts'; export { OUTPUT_TOKENS, TIER_FOR_COMPLEXITY } from './src/routing/model-selector.ts'; export { bundledModelTable } from './src/models/index.ts';",
  )
);

const TUNING_SETS = ['bundled', 'wshobson', 'voltagent'];
/** Below the 5% target: cross-validation shows unseen tasks under-tiered 1-3 points more often. */
const UNDER_LIMIT = 0.03;
const COST_LIMIT = 1.1;
const L2 = 1.5;
const FOLDS = 5;
const CLASSES = ['simple', 'moderate', 'complex'];
const FEATURES = Object.keys(COMPLEXITY_MODEL).filter(
  (key) => !['bias', 'simpleBelow', 'complexFrom'].includes(key),
);
// The bench's cost model without the input (small next to the output): the output price of
// the chosen tier times the midpoint of the labelled class's expected output.
const table = bundledModelTable();
const PRICE = CLASSES.map(
  (complexity) => table.models[table.tiers[TIER_FOR_COMPLEXITY[complexity]]].pricing.output,
);
const OUTPUT = CLASSES.map(
  (complexity) => (OUTPUT_TOKENS[complexity].low + OUTPUT_TOKENS[complexity].high) / 2,
);

const sets = TUNING_SETS.map((name) => ({
  name,
  tasks: (loadTasks(name) ?? [])
    .filter((task) => task.complexity !== undefined)
    .map((task) => {
      const { values } = complexityFeatures(task.task);
      return {
        ...task,
        set: name,
        label: CLASSES.indexOf(task.complexity),
        x: FEATURES.map((feature) => values[feature] ?? 0),
      };
    }),
})).filter((set) => set.tasks.length > 0);
const pooled = sets.flatMap((set) => set.tasks).sort((a, b) => a.id.localeCompare(b.id));

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const scoreOf = (task, w) => task.x.reduce((sum, value, index) => sum + value * w[index], 0);
const classify = (score, [low, high]) => (score < low ? 0 : score < high ? 1 : 2);

/** Proportional-odds logistic regression: P(label > k) = sigmoid(w·x - cut_k). */
function fitWeights(train) {
  const w = FEATURES.map(() => 0);
  let cuts = [-0.5, 1];
  const rate = 0.5;
  for (let epoch = 0; epoch < 1500; epoch += 1) {
    const gw = w.map((value) => L2 * value);
    const gc = [0, 0];
    for (const task of train) {
      const p = cuts.map((cut) => sigmoid(scoreOf(task, w) - cut));
      const probability = [1 - p[0], p[0] - p[1], p[1]][task.label];
      // The derivative of that probability by each boundary's logit.
      const dp = [
        [-p[0] * (1 - p[0]), 0],
        [p[0] * (1 - p[0]), -p[1] * (1 - p[1])],
        [0, p[1] * (1 - p[1])],
      ][task.label];
      const scale = -1 / Math.max(probability, 1e-9);
      const ds = (dp[0] + dp[1]) * scale;
      task.x.forEach((value, index) => (gw[index] += ds * value));
      gc[0] -= dp[0] * scale;
      gc[1] -= dp[1] * scale;
    }
    w.forEach((_, index) => (w[index] -= (rate * gw[index]) / train.length));
    cuts = [cuts[0] - (rate * gc[0]) / train.length, cuts[1] - (rate * gc[1]) / train.length];
    if (cuts[0] > cuts[1]) cuts = [cuts[1], cuts[0]];
  }
  return w;
}

function figures(tiers, tasks) {
  let agree = 0;
  let under = 0;
  let chosen = 0;
  let labelled = 0;
  tasks.forEach((task, index) => {
    const tier = tiers[index];
    if (tier === task.label) agree += 1;
    if (tier < task.label) under += 1;
    chosen += PRICE[tier] * OUTPUT[task.label];
    labelled += PRICE[task.label] * OUTPUT[task.label];
  });
  const count = tasks.length || 1;
  return { agreement: agree / count, under: under / count, cost: chosen / labelled };
}

/** The cut-offs, by the priorities above; with no feasible pair, the least under-tiering. */
function fitCuts(train, w, underLimit) {
  const scores = train.map((task) => scoreOf(task, w));
  const values = [...new Set(scores.map((score) => Math.round(score * 100) / 100))].sort(
    (a, b) => a - b,
  );
  const candidates = [values[0] - 0.01, ...values.map((value) => value + 0.005)];
  const bySet = [...new Set(train.map((task) => task.set))].map((name) =>
    train.flatMap((task, index) => (task.set === name ? [index] : [])),
  );
  let best;
  for (const low of candidates) {
    for (const high of candidates) {
      if (high < low) continue;
      const tiers = scores.map((score) => classify(score, [low, high]));
      const perSet = bySet.map((indexes) =>
        figures(
          indexes.map((index) => tiers[index]),
          indexes.map((index) => train[index]),
        ),
      );
      const under = Math.max(...perSet.map((result) => result.under));
      const cost = Math.max(...perSet.map((result) => result.cost));
      const key =
        under <= underLimit
          ? [1, figures(tiers, train).agreement, cost <= COST_LIMIT ? 1 : 0, -cost]
          : [0, -under, 0, -cost];
      if (best === undefined || compare(key, best.key) > 0) best = { key, cuts: [low, high] };
    }
  }
  return best.cuts;
}

function compare(left, right) {
  for (let index = 0; index < left.length; index += 1)
    if (Math.abs(left[index] - right[index]) > 1e-12) return left[index] - right[index];
  return 0;
}

/** Cross-validated tiers for every pooled task, folds in a fixed interleaved order. */
function crossValidate(underLimit) {
  const predicted = new Map();
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const train = pooled.filter((_, index) => index % FOLDS !== fold);
    const test = pooled.filter((_, index) => index % FOLDS === fold);
    const w = fitWeights(train);
    const cuts = fitCuts(train, w, underLimit);
    for (const task of test) predicted.set(task, classify(scoreOf(task, w), cuts));
  }
  return (task) => predicted.get(task);
}

function report(tierOf) {
  return Object.fromEntries(
    [...sets, { name: 'pooled', tasks: pooled }].map((set) => [
      set.name,
      round(
        figures(
          set.tasks.map((task) => tierOf(task)),
          set.tasks,
        ),
      ),
    ]),
  );
}

function round(result) {
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => [key, Math.round(value * 1000) / 1000]),
  );
}

const viaModel = (candidate) => (task) =>
  CLASSES.indexOf(assessComplexity(task.task, candidate).complexity);
// Readable weights: rounded to 0.05, with the cut-offs fitted again on the rounded weights.
const weights = fitWeights(pooled).map((value) => Math.round(value * 20) / 20);
const cuts = fitCuts(pooled, weights, UNDER_LIMIT).map((value) => Math.round(value * 100) / 100);
const model = { bias: 0 };
FEATURES.forEach((feature, index) => (model[feature] = weights[index]));
model.simpleBelow = cuts[0];
model.complexFrom = cuts[1];
const output = {
  limits: { under: UNDER_LIMIT, cost: COST_LIMIT, l2: L2 },
  current: report(viaModel(COMPLEXITY_MODEL)),
  crossValidated: report(crossValidate(UNDER_LIMIT)),
  fitted: report(viaModel(model)),
  model,
};
if (process.argv.includes('--frontier'))
  output.frontier = [0.02, 0.03, 0.05, 0.08, 0.12, 1].map((limit) => ({
    underLimit: limit,
    crossValidated: report(crossValidate(limit)),
  }));
console.log(JSON.stringify(output, null, 1));
