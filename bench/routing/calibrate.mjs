// Fits the router's confidence on the tuning splits only (bench/routing/<set>-tasks.jsonl for
// bundled, wshobson and voltagent; never the *-heldout.jsonl files). Two steps:
//   1. a logistic curve over ln(1 + best score) and the margin to the runner-up;
//   2. a knee: the curve's value from which, in every tuning set, at least KNEE_PRECISION of the
//      first choices are right. calibrate() maps the knee to CONFIDENT_AT (0.8), so "at least
//      0.8" means "as sure as the router was when it was right that often".
// Leaving each set out in turn shows how the fit holds on agents it never saw.
// Run: node bench/routing/calibrate.mjs; copy the printed CALIBRATION into src/routing/confidence.ts.
import { CORPUS_DIRS, isolatedProject } from '../fixtures.mjs';
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from '../routing-kit.mjs';

/** The precision the knee must reach on each tuning set: above 0.95 to leave room for new tasks. */
const KNEE_PRECISION = 0.97;

const routing = await loadRoutingModules();
const { Router, CONFIDENT_AT } = routing;
const load = agentLoader(routing, isolatedProject().root);

function samples(agents, list, same) {
  const router = new Router(agents, { threshold: 0 });
  return list.map((task) => {
    const decision = router.route(task.task, { top: 2 });
    const best = decision.alternatives[0]?.score ?? 0;
    const second = decision.alternatives[1]?.score ?? 0;
    const head = decision.matches.filter((match) =>
      match.fields.some((field) => field !== 'body' && field !== 'headings'),
    ).length;
    return {
      x: [Math.log1p(best), best > 0 ? (best - second) / best : 0, Math.min(head, 4) / 4],
      y: same(decision.agent, task.agent) ? 1 : 0,
    };
  });
}

const sets = {};
const bundled = loadTasks('bundled');
if (bundled !== undefined)
  sets.bundled = samples(load({ bundled: true }), bundled, (left, right) => left === right);
if (CORPUS_DIRS !== undefined) {
  for (const [name, dir] of [
    ['wshobson', CORPUS_DIRS[1]],
    ['voltagent', CORPUS_DIRS[0]],
  ]) {
    const tasks = loadTasks(name);
    if (tasks === undefined) continue;
    const agents = load({ bundled: false, flagPaths: [dir] });
    sets[name] = samples(agents, tasks, sameAgent(agents));
  }
}

const sigmoid = (value) => 1 / (1 + Math.exp(-value));

/** Logistic regression, each set weighing the same however many tasks it has. */
function fit(names) {
  let [a, b, d, c] = [0, 0, 0, 0];
  for (let step = 0; step < 20000; step += 1) {
    let [ga, gb, gd, gc] = [0, 0, 0, 0];
    for (const name of names) {
      const set = sets[name];
      for (const { x, y } of set) {
        const error = (sigmoid(a * x[0] + b * x[1] + d * x[2] + c) - y) / set.length;
        ga += error * x[0];
        gb += error * x[1];
        gd += error * x[2];
        gc += error;
      }
    }
    a -= (0.5 * ga) / names.length;
    b -= (0.5 * gb) / names.length;
    d -= (0.5 * gd) / names.length;
    c -= (0.5 * gc) / names.length;
  }
  const raw = (x) => sigmoid(a * x[0] + b * x[1] + d * x[2] + c);
  // The knee: the lowest value at which every set's decisions at or above it are right often enough.
  const knee = Math.max(...names.map((name) => lowestPrecise(sets[name], raw)));
  return { a, b, d, c, knee, raw };
}

/** The lowest raw value t with precision >= KNEE_PRECISION among decisions at or above t. */
function lowestPrecise(set, raw) {
  const scored = set.map((sample) => ({ p: raw(sample.x), y: sample.y }));
  scored.sort((left, right) => right.p - left.p);
  let right = 0;
  let best = 1;
  scored.forEach((sample, index) => {
    right += sample.y;
    const next = scored[index + 1];
    if (right / (index + 1) >= KNEE_PRECISION && (next === undefined || next.p < sample.p))
      best = sample.p;
  });
  return Math.min(best, 0.999);
}

/** The same mapping as calibrate() in src/routing/confidence.ts. */
function confidence(model, x) {
  const p = model.raw(x);
  return p < model.knee
    ? (p / model.knee) * CONFIDENT_AT
    : CONFIDENT_AT + ((p - model.knee) / (1 - model.knee)) * (1 - CONFIDENT_AT);
}

/** Of the decisions at or above CONFIDENT_AT: how many, and the share that is right. */
function report(model, set) {
  const confident = set.filter((sample) => confidence(model, sample.x) >= CONFIDENT_AT);
  const right = confident.filter((sample) => sample.y === 1).length;
  return {
    confident: confident.length,
    of: set.length,
    right: confident.length === 0 ? null : +(right / confident.length).toFixed(3),
  };
}

const names = Object.keys(sets);
const model = fit(names);
console.log(
  JSON.stringify({
    CALIBRATION: {
      a: +model.a.toFixed(3),
      b: +model.b.toFixed(3),
      d: +model.d.toFixed(3),
      c: +model.c.toFixed(3),
      knee: +model.knee.toFixed(3),
    },
  }),
);
for (const name of names)
  console.log(`fitted on all, ${name}:`, JSON.stringify(report(model, sets[name])));
if (names.length > 1) {
  for (const left of names) {
    const others = fit(names.filter((name) => name !== left));
    console.log(`fitted without ${left}, on ${left}:`, JSON.stringify(report(others, sets[left])));
  }
}
