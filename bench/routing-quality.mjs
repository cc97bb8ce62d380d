// Routing quality and speed on the labeled tasks in bench/routing/ (written before tuning).
// Top-1 counts the agent a user would get (fallbacks included); top-3 counts the label among
// the three best-scoring agents. Each set has a tuning split (<set>-tasks.jsonl) and may have a
// held-out split (<set>-heldout.jsonl) that no tuning looks at; held-out misses are never listed.
import { median, percentile } from './harness.mjs';
import { CORPUS_DIRS, isolatedProject } from './fixtures.mjs';
import {
  agentLoader,
  loadHeldOut,
  loadRoutingModules,
  loadTasks,
  sameAgent,
} from './routing-kit.mjs';
import { modelChoice } from './routing-model-choice.mjs';

export async function routingQuality() {
  const routing = await loadRoutingModules();
  const { Router } = routing;
  const load = agentLoader(routing, isolatedProject().root);
  const results = [];
  // Every decision's confidence and correctness, by split: the calibration figures.
  const decisions = { tuning: [], heldout: [] };
  const measure = (prefix, router, tasks, targets, split, same) => {
    if (tasks === undefined) return;
    const held = split === 'heldout';
    results.push(
      ...accuracy(held ? `${prefix}.heldout` : prefix, router, tasks, targets, {
        same,
        listMisses: !held,
        decisions: decisions[split],
      }),
    );
  };
  const bundledTasks = loadTasks('bundled');
  if (bundledTasks !== undefined) {
    results.push(...(await withRerank(routing, load({ bundled: true }), bundledTasks)));
  }
  const bundledRouter = new Router(load({ bundled: true }));
  measure('routing.bundled', bundledRouter, bundledTasks, TARGETS.bundled, 'tuning');
  measure('routing.bundled', bundledRouter, loadHeldOut('bundled'), TARGETS.bundled, 'heldout');
  results.push(...modelChoice(routing, load));
  if (CORPUS_DIRS === undefined) {
    process.stderr.write('bench: ../shared/corpora absent; skipping corpus routing\n');
    results.push(...calibration(routing.CONFIDENT_AT, decisions));
    return results;
  }
  const wshobsonTasks = loadTasks('wshobson');
  if (wshobsonTasks !== undefined) {
    const agents = load({ bundled: false, flagPaths: [CORPUS_DIRS[1]] });
    const router = new Router(agents);
    measure(
      'routing.wshobson',
      router,
      wshobsonTasks,
      TARGETS.wshobson,
      'tuning',
      sameAgent(agents),
    );
  }
  const voltagentTasks = loadTasks('voltagent');
  const voltagentHeldOut = loadHeldOut('voltagent');
  if (voltagentTasks !== undefined || voltagentHeldOut !== undefined) {
    const agents = load({ bundled: false, flagPaths: [CORPUS_DIRS[0]] });
    const router = new Router(agents);
    const same = sameAgent(agents);
    measure('routing.voltagent', router, voltagentTasks, TARGETS.voltagent, 'tuning', same);
    measure('routing.voltagent', router, voltagentHeldOut, TARGETS.voltagent, 'heldout', same);
  }
  results.push(...calibration(routing.CONFIDENT_AT, decisions));
  // Latency over every agent we have: the index is built once, routing is per task.
  const everyone = new Router(load({ bundled: true, flagPaths: CORPUS_DIRS }));
  const tasks = [...(bundledTasks ?? []), ...(wshobsonTasks ?? []), ...(voltagentTasks ?? [])].map(
    (task) => task.task,
  );
  if (tasks.length > 0) {
    for (const task of tasks) everyone.route(task); // warm up
    const times = [];
    for (let round = 0; round < 3; round += 1) {
      for (const task of tasks) {
        const start = process.hrtime.bigint();
        everyone.route(task);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    results.push({
      name: 'routing.route.p50',
      value: median(times),
      unit: 'ms',
      p95: percentile(times, 95),
      agents: everyone.agentCount,
      target: '<= 0.2 ms',
      pass: median(times) <= 0.2,
    });
  }
  return results;
}

/** Top-1 and top-3 targets per agent set; the held-out split of a set has the same targets. */
const TARGETS = {
  bundled: { top1: 0.9, top3: 0.98 },
  wshobson: { top1: 0.88, top3: 0.97 },
  voltagent: { top1: 0.8, top3: 0.93 },
};

/** Of the decisions at or above `confidentAt`, the share whose first choice is right. */
const CALIBRATION_TARGET = 0.95;

function calibration(confidentAt, decisions) {
  return Object.entries(decisions)
    .filter(([, list]) => list.length > 0)
    .map(([split, list]) => {
      const confident = list.filter((decision) => decision.confidence >= confidentAt);
      const right = confident.filter((decision) => decision.right).length;
      const value = confident.length === 0 ? 0 : right / confident.length;
      return {
        name: `routing.${split}.confident.right`,
        value,
        unit: 'ratio',
        tasks: list.length,
        confident: confident.length,
        coverage: confident.length / list.length,
        target: `>= ${CALIBRATION_TARGET} of decisions with confidence >= ${confidentAt} (${confident.length} of ${list.length})`,
        // Only the held-out figure is a promise; the tuning one is what the fit saw.
        pass: split === 'heldout' ? value >= CALIBRATION_TARGET : undefined,
      };
    });
}

function accuracy(prefix, router, tasks, targets, options) {
  const same = options.same ?? ((left, right) => left === right);
  let top1 = 0;
  let top3 = 0;
  const misses = [];
  for (const task of tasks) {
    const decision = router.route(task.task, { top: 3 });
    const right = same(decision.agent, task.agent);
    options.decisions.push({ confidence: decision.confidence, right });
    if (right) top1 += 1;
    else misses.push({ id: task.id, expected: task.agent, got: decision.agent, via: decision.via });
    if (right || decision.alternatives.some((alternative) => same(alternative.agent, task.agent)))
      top3 += 1;
  }
  const count = tasks.length;
  return [
    {
      name: `${prefix}.top1`,
      value: top1 / count,
      unit: 'ratio',
      tasks: count,
      target: `>= ${targets.top1}`,
      pass: top1 / count >= targets.top1,
      // Held-out misses are never listed: reading them would be tuning on them.
      ...(options.listMisses ? { misses: misses.slice(0, 40) } : {}),
    },
    {
      name: `${prefix}.top3`,
      value: top3 / count,
      unit: 'ratio',
      tasks: count,
      target: `>= ${targets.top3}`,
      pass: top3 / count >= targets.top3,
    },
  ];
}

/**
 * Top-1 with semantic rerank, when an embeddings server is named by BENCH_EMBEDDINGS_URL (and
 * BENCH_EMBEDDINGS_MODEL, default nomic-embed-text), e.g. a local Ollama. Without one the figure
 * is skipped: nothing offline can stand in for a real embedding model.
 */
async function withRerank(routing, agents, tasks) {
  const baseUrl = process.env.BENCH_EMBEDDINGS_URL;
  if (baseUrl === undefined || baseUrl === '') {
    process.stderr.write(
      'bench: BENCH_EMBEDDINGS_URL unset; skipping routing quality with rerank\n',
    );
    return [];
  }
  const provider = routing.openAiCompatibleEmbeddings({
    baseUrl,
    model: process.env.BENCH_EMBEDDINGS_MODEL ?? 'nomic-embed-text',
    apiKey: process.env.OPENAI_API_KEY,
  });
  const router = new routing.Router(agents);
  let top1 = 0;
  for (const task of tasks) {
    const decision = await routing.rerank(router.route(task.task, { top: 8 }), task.task, agents, {
      provider,
    });
    if (decision.agent === task.agent) top1 += 1;
  }
  return [
    {
      name: 'routing.bundled.rerank.top1',
      value: top1 / tasks.length,
      unit: 'ratio',
      tasks: tasks.length,
      target: '>= 0.9',
      pass: top1 / tasks.length >= 0.9,
    },
  ];
}
