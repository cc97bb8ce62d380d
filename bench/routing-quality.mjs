// Routing quality and speed on the labeled tasks in bench/routing/ (written before tuning).
// Top-1 counts the agent a user would get (fallbacks included); top-3 counts the label among
// the three best-scoring agents.
import { buildSync } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './harness.mjs';
import { CORPUS_DIRS, isolatedProject } from './fixtures.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

function loadTasks(file) {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

export async function routingQuality() {
  const outfile = here('../node_modules/.cache/claude-hybrid-bench/routing.mjs');
  buildSync({
    stdin: {
      contents:
        "export { AgentRegistry } from './src/agents/index.ts'; export { Router } from './src/routing/index.ts';",
      resolveDir: here('..'),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const { AgentRegistry, Router } = await import(outfile);
  const { root } = isolatedProject();
  const load = (options) =>
    new AgentRegistry({
      projectRoot: root,
      hybridHome: `${root}/home`,
      claudeHome: `${root}/claude`,
      bundledDir: here('../src/agents/bundled'),
      ...options,
    })
      .load()
      .agents.map((entry) => entry.definition);
  const results = [];
  const bundledTasks = loadTasks(here('./routing/bundled-tasks.jsonl'));
  if (bundledTasks !== undefined) {
    results.push(
      ...accuracy('routing.bundled', new Router(load({ bundled: true })), bundledTasks, 0.9, 0.98),
    );
  }
  if (CORPUS_DIRS === undefined) {
    process.stderr.write('bench: ../shared/corpora absent; skipping corpus routing\n');
    return results;
  }
  const wshobsonTasks = loadTasks(here('./routing/wshobson-tasks.jsonl'));
  if (wshobsonTasks !== undefined) {
    const wshobson = new Router(load({ bundled: false, flagPaths: [CORPUS_DIRS[1]] }));
    results.push(...accuracy('routing.wshobson', wshobson, wshobsonTasks, 0.8, 0.95));
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

function accuracy(prefix, router, tasks, top1Target, top3Target) {
  let top1 = 0;
  let top3 = 0;
  const misses = [];
  for (const task of tasks) {
    const decision = router.route(task.task, { top: 3 });
    if (decision.agent === task.agent) top1 += 1;
    else misses.push({ id: task.id, expected: task.agent, got: decision.agent, via: decision.via });
    if (
      decision.agent === task.agent ||
      decision.alternatives.some((alternative) => alternative.agent === task.agent)
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
