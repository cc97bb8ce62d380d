// Fits the router's confidence: a logistic curve over ln(1 + best score) and the margin to the
// runner-up, trained on the wshobson tasks and checked on the bundled-agent tasks (which the fit
// never sees). Run: node bench/routing/calibrate.mjs; copy the printed coefficients into
// src/routing/router.ts (calibrate). Needs ../shared/corpora.
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outfile = here('../../node_modules/.cache/claude-hybrid-bench/calibrate.mjs');
buildSync({
  stdin: {
    contents:
      "export { AgentRegistry } from './src/agents/index.ts'; export { Router } from './src/routing/index.ts';",
    resolveDir: here('../..'),
    loader: 'ts',
  },
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { AgentRegistry, Router } = await import(outfile);
const load = (options) =>
  new AgentRegistry({
    projectRoot: '/nonexistent',
    hybridHome: '/nonexistent/h',
    claudeHome: '/nonexistent/c',
    bundledDir: here('../../src/agents/bundled'),
    ...options,
  })
    .load()
    .agents.map((entry) => entry.definition);
const tasks = (name) =>
  readFileSync(here(`./${name}-tasks.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

function samples(agents, list, same) {
  const router = new Router(agents, { threshold: 0, top: 2 });
  return list.map((task) => {
    const decision = router.route(task.task, { top: 2 });
    const best = decision.alternatives[0]?.score ?? 0;
    const second = decision.alternatives[1]?.score ?? 0;
    return {
      x: [Math.log1p(best), best > 0 ? (best - second) / best : 0],
      y: same(decision.agent, task.agent) ? 1 : 0,
    };
  });
}

const wshobson = load({
  bundled: false,
  flagPaths: [here('../../../shared/corpora/agents/wshobson')],
});
const copyOf = new Map();
const byBody = new Map();
for (const agent of wshobson) {
  const key = createHash('sha256').update(agent.body).digest('hex');
  if (!byBody.has(key)) byBody.set(key, agent.name);
  copyOf.set(agent.name, byBody.get(key));
}
const train = samples(
  wshobson,
  tasks('wshobson'),
  (left, right) => left === right || copyOf.get(left) === copyOf.get(right),
);
const test = samples(load({ bundled: true }), tasks('bundled'), (left, right) => left === right);

const sigmoid = (value) => 1 / (1 + Math.exp(-value));
let [a, b, c] = [0, 0, 0];
for (let step = 0; step < 20000; step += 1) {
  let [ga, gb, gc] = [0, 0, 0];
  for (const { x, y } of train) {
    const error = sigmoid(a * x[0] + b * x[1] + c) - y;
    ga += error * x[0];
    gb += error * x[1];
    gc += error;
  }
  a -= (0.5 * ga) / train.length;
  b -= (0.5 * gb) / train.length;
  c -= (0.5 * gc) / train.length;
}

function calibrationError(set) {
  const bins = Array.from({ length: 5 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { x, y } of set) {
    const p = sigmoid(a * x[0] + b * x[1] + c);
    const bin = bins[Math.min(4, Math.floor(p * 5))];
    bin.count += 1;
    bin.confidence += p;
    bin.correct += y;
  }
  return bins.reduce(
    (sum, bin) =>
      sum +
      (bin.count === 0
        ? 0
        : (bin.count / set.length) *
          Math.abs(bin.confidence / bin.count - bin.correct / bin.count)),
    0,
  );
}
console.log(
  JSON.stringify({
    a: +a.toFixed(3),
    b: +b.toFixed(3),
    c: +c.toFixed(3),
    eceTrain: +calibrationError(train).toFixed(3),
    eceTest: +calibrationError(test).toFixed(3),
  }),
);

// The heuristic in use before fitting, for comparison.
function heuristic(x) {
  const best = Math.expm1(x[0]);
  return (1 - Math.exp(-best / 4)) * (0.4 + 0.6 * x[1]);
}
function heuristicError(set) {
  const bins = Array.from({ length: 5 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { x, y } of set) {
    const p = heuristic(x);
    const bin = bins[Math.min(4, Math.floor(p * 5))];
    bin.count += 1;
    bin.confidence += p;
    bin.correct += y;
  }
  return bins.reduce(
    (sum, bin) =>
      sum +
      (bin.count === 0
        ? 0
        : (bin.count / set.length) *
          Math.abs(bin.confidence / bin.count - bin.correct / bin.count)),
    0,
  );
}
console.log(
  JSON.stringify({
    heuristicEceTrain: +heuristicError(train).toFixed(3),
    heuristicEceTest: +heuristicError(test).toFixed(3),
  }),
);
