// Fits the router's confidence: a logistic curve over ln(1 + best score) and the margin to the
// runner-up, trained on the wshobson tasks and checked on the bundled-agent tasks (which the fit
// never sees). Run: node bench/routing/calibrate.mjs; copy the printed coefficients into
// src/routing/router.ts (calibrate). Needs ../shared/corpora.
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from '../routing-kit.mjs';
import { fileURLToPath } from 'node:url';

const routing = await loadRoutingModules();
const { Router } = routing;
const load = agentLoader(routing, '/nonexistent');
const tasks = (name) => loadTasks(name) ?? [];

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
  flagPaths: [fileURLToPath(new URL('../../../shared/corpora/agents/wshobson', import.meta.url))],
});
const train = samples(wshobson, tasks('wshobson'), sameAgent(wshobson));
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

/** Expected calibration error over five equal-width confidence bins. */
function calibrationError(set, predict) {
  const bins = Array.from({ length: 5 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { x, y } of set) {
    const p = predict(x);
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
const fitted = (x) => sigmoid(a * x[0] + b * x[1] + c);
console.log(
  JSON.stringify({
    a: +a.toFixed(3),
    b: +b.toFixed(3),
    c: +c.toFixed(3),
    eceTrain: +calibrationError(train, fitted).toFixed(3),
    eceTest: +calibrationError(test, fitted).toFixed(3),
  }),
);

// The heuristic in use before fitting, for comparison.
function heuristic(x) {
  const best = Math.expm1(x[0]);
  return (1 - Math.exp(-best / 4)) * (0.4 + 0.6 * x[1]);
}
console.log(
  JSON.stringify({
    heuristicEceTrain: +calibrationError(train, heuristic).toFixed(3),
    heuristicEceTest: +calibrationError(test, heuristic).toFixed(3),
  }),
);
