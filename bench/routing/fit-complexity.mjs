// Fits COMPLEXITY_MODEL (src/routing/complexity.ts): coordinate descent over the feature weights
// and cut-offs, maximising agreement with both labelled sets, with a 5-fold cross-validated
// estimate of agreement on unseen tasks. Copy the printed model into the source.
// Run: node bench/routing/fit-complexity.mjs
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { loadTasks } from '../routing-kit.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outfile = here('../../node_modules/.cache/claude-hybrid-bench/complexity.mjs');
buildSync({
  entryPoints: [here('../../src/routing/complexity.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { COMPLEXITY_MODEL, assessComplexity } = await import(outfile);
const tasks = (name) => (loadTasks(name) ?? []).filter((task) => task.complexity !== undefined);
const agreement = (model, set) =>
  set.filter((task) => assessComplexity(task.task, model).complexity === task.complexity).length /
  set.length;

/** Coordinate descent over the weights and cut-offs, maximising agreement on `train`. */
function fit(train) {
  let model = { ...COMPLEXITY_MODEL };
  let best = agreement(model, train);
  for (let pass = 0; pass < 8; pass += 1) {
    let improved = false;
    for (const key of Object.keys(model)) {
      for (const delta of [-1, -0.5, -0.25, 0.25, 0.5, 1]) {
        const candidate = { ...model, [key]: Math.round((model[key] + delta) * 100) / 100 };
        if (candidate.simpleBelow >= candidate.complexFrom) continue;
        const score = agreement(candidate, train);
        if (score > best + 1e-9) {
          best = score;
          model = candidate;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return model;
}

// Both labelled sets pooled, in a fixed interleaved order; 5-fold cross-validation estimates how
// the fitted model does on tasks it never saw, then the model is fitted on everything.
const pooled = [...tasks('bundled'), ...tasks('wshobson')].sort((left, right) =>
  left.id.localeCompare(right.id),
);
const folds = 5;
let heldOutAgree = 0;
for (let fold = 0; fold < folds; fold += 1) {
  const train = pooled.filter((_, index) => index % folds !== fold);
  const test = pooled.filter((_, index) => index % folds === fold);
  heldOutAgree += agreement(fit(train), test) * test.length;
}
const model = fit(pooled);
console.log(
  JSON.stringify({
    current: {
      bundled: agreement(COMPLEXITY_MODEL, tasks('bundled')),
      wshobson: agreement(COMPLEXITY_MODEL, tasks('wshobson')),
    },
    crossValidated: heldOutAgree / pooled.length,
    fitted: {
      bundled: agreement(model, tasks('bundled')),
      wshobson: agreement(model, tasks('wshobson')),
    },
    model,
  }),
);
