// Fits COMPLEXITY_MODEL (src/routing/complexity.ts): coordinate descent over the feature weights
// and cut-offs, maximising agreement with the labelled wshobson tasks, then reports agreement on
// the bundled-agent tasks, which the fit never sees. Copy the printed model into the source.
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
const train = tasks('wshobson');
const test = tasks('bundled');
const agreement = (model, set) =>
  set.filter((task) => assessComplexity(task.task, model).complexity === task.complexity).length /
  set.length;

let model = { ...COMPLEXITY_MODEL };
let best = agreement(model, train);
const start = { train: best, test: agreement(model, test) };
for (let pass = 0; pass < 6; pass += 1) {
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
console.log(
  JSON.stringify({ before: start, after: { train: best, test: agreement(model, test) }, model }),
);
