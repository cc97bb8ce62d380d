// Prints the labelled tasks the router gets wrong (dev aid): node bench/routing/misses.mjs bundled|wshobson
import { CORPUS_DIRS, isolatedProject } from '../fixtures.mjs';
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from '../routing-kit.mjs';

const set = process.argv[2] ?? 'bundled';
const routing = await loadRoutingModules();
const load = agentLoader(routing, isolatedProject().root);
const agents =
  set === 'bundled'
    ? load({ bundled: true })
    : load({ bundled: false, flagPaths: [CORPUS_DIRS[1]] });
const same = sameAgent(agents);
const router = new routing.Router(agents);
let wrong = 0;
for (const task of loadTasks(set)) {
  const decision = router.route(task.task, { top: 3 });
  if (same(decision.agent, task.agent)) continue;
  wrong += 1;
  const alts = decision.alternatives.map((a) => `${a.agent}:${a.score}`).join(' ');
  process.stdout.write(
    `${task.id} want=${task.agent} got=${decision.agent}(${decision.via}) [${alts}]\n   ${task.task.slice(0, 160).replace(/\n/g, ' ')}\n`,
  );
}
process.stdout.write(`${wrong} wrong\n`);
