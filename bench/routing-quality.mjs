// Routing quality and speed on the labeled tasks in bench/routing/ (written before tuning).
// Top-1 counts the agent a user would get (fallbacks included); top-3 counts the label among
// the three best-scoring agents.
import { median, percentile } from './harness.mjs';
import { CORPUS_DIRS, isolatedProject } from './fixtures.mjs';
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from './routing-kit.mjs';
import { modelChoice } from './routing-model-choice.mjs';

export async function routingQuality() {
  const routing = await loadRoutingModules();
  const { Router } = routing;
  const load = agentLoader(routing, isolatedProject().root);
  const results = [];
  const bundledTasks = loadTasks('bundled');
  if (bundledTasks !== undefined) {
    results.push(...(await withRerank(routing, load({ bundled: true }), bundledTasks)));
    results.push(
      ...accuracy('routing.bundled', new Router(load({ bundled: true })), bundledTasks, 0.9, 0.98),
    );
  }
  results.push(...modelChoice(routing, load));
  if (CORPUS_DIRS === undefined) {
    process.stderr.write('bench: ../shared/corpora absent; skipping corpus routing\n');
    return results;
  }
  const wshobsonTasks = loadTasks('wshobson');
  if (wshobsonTasks !== undefined) {
    const agents = load({ bundled: false, flagPaths: [CORPUS_DIRS[1]] });
    const same = sameAgent(agents);
    results.push(
      ...accuracy('routing.wshobson', new Router(agents), wshobsonTasks, 0.8, 0.95, same),
    );
  }
  // Latency over every agent we have (~375): the index is built once, routing is per task.
  const everyone = new Router(load({ bundled: true, flagPaths: CORPUS_DIRS }));
  const tasks = [...(bundledTasks ?? []), ...(wshobsonTasks ?? [])].map((task) => task.task);
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

function accuracy(
  prefix,
  router,
  tasks,
  top1Target,
  top3Target,
  same = (left, right) => left === right,
) {
  let top1 = 0;
  let top3 = 0;
  const misses = [];
  for (const task of tasks) {
    const decision = router.route(task.task, { top: 3 });
    if (same(decision.agent, task.agent)) top1 += 1;
    else misses.push({ id: task.id, expected: task.agent, got: decision.agent, via: decision.via });
    if (
      same(decision.agent, task.agent) ||
      decision.alternatives.some((alternative) => same(alternative.agent, task.agent))
    )
      top3 += 1;
  }
  const count = tasks.length;
  return [
    {
      name: `${prefix}.top1`,
      value: top1 / count,
      unit: 'ratio',
      tasks: count,
      target: `>= ${top1Target}`,
      pass: top1 / count >= top1Target,
      misses: misses.slice(0, 40),
    },
    {
      name: `${prefix}.top3`,
      value: top3 / count,
      unit: 'ratio',
      tasks: count,
      target: `>= ${top3Target}`,
      pass: top3 / count >= top3Target,
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
