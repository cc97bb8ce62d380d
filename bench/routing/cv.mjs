// Top-1/top-3 on the tuning splits, each cut in two halves (odd and even line), to judge
// whether a method change generalises (dev aid; never reads the held-out splits):
// node bench/routing/cv.mjs [bundled|wshobson|voltagent ...] [--misses]
import { CORPUS_DIRS, isolatedProject } from '../fixtures.mjs';
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from '../routing-kit.mjs';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const sets = args.filter((arg) => !arg.startsWith('--'));
const routing = await loadRoutingModules();
const load = agentLoader(routing, isolatedProject().root);
const corpus = { wshobson: CORPUS_DIRS?.[1], voltagent: CORPUS_DIRS?.[0] };
for (const set of sets.length > 0 ? sets : ['bundled', 'wshobson', 'voltagent']) {
  const agents =
    set === 'bundled'
      ? load({ bundled: true })
      : load({ bundled: false, flagPaths: [corpus[set]] });
  const same = sameAgent(agents);
  const router = new routing.Router(agents, JSON.parse(process.env.ROUTER_OPTIONS ?? '{}'));
  const halves = [
    { top1: 0, top3: 0, count: 0 },
    { top1: 0, top3: 0, count: 0 },
  ];
  let confident = 0;
  let confidentRight = 0;
  loadTasks(set).forEach((task, line) => {
    const decision = router.route(task.task, { top: 3 });
    const half = halves[line % 2];
    half.count += 1;
    const right = same(decision.agent, task.agent);
    if (decision.confidence >= routing.CONFIDENT_AT) {
      confident += 1;
      if (right) confidentRight += 1;
    }
    if (right) half.top1 += 1;
    if (right || decision.alternatives.some((a) => same(a.agent, task.agent))) half.top3 += 1;
    else if (showMisses && !right) {
      /* listed below */
    }
    if (showMisses && !right) {
      const alts = decision.alternatives.map((a) => `${a.agent}:${a.score}`).join(' ');
      process.stdout.write(
        `${task.id} want=${task.agent} got=${decision.agent}(${decision.confidence}) [${alts}]\n   ${task.task.slice(0, 150).replace(/\n/g, ' ')}\n`,
      );
    }
  });
  const all = halves[0].count + halves[1].count;
  const f = (n, d) => (n / d).toFixed(3);
  process.stdout.write(
    `${set.padEnd(9)} all ${f(halves[0].top1 + halves[1].top1, all)}/${f(halves[0].top3 + halves[1].top3, all)}` +
      `  odd ${f(halves[0].top1, halves[0].count)}/${f(halves[0].top3, halves[0].count)}` +
      `  even ${f(halves[1].top1, halves[1].count)}/${f(halves[1].top3, halves[1].count)}` +
      `  confident ${confidentRight}/${confident}\n`,
  );
}
