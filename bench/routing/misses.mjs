// Prints the labelled tasks the router gets wrong (dev aid), tuning splits only:
// node bench/routing/misses.mjs bundled|wshobson|voltagent
import { CORPUS_DIRS, isolatedProject } from '../fixtures.mjs';
import { agentLoader, loadRoutingModules, loadTasks, sameAgent } from '../routing-kit.mjs';

const set = process.argv[2] ?? 'bundled';
const routing = await loadRoutingModules();
const load = agentLoader(routing, isolatedProject().root);
const corpus = { wshobson: CORPUS_DIRS?.[1], voltagent: CORPUS_DIRS?.[0] };
const agents =
  set === 'bundled' ? load({ bundled: true }) : load({ bundled: false, flagPaths: [corpus[set]] });
const same = sameAgent(agents);
const router = new routing.Router(agents);
let wrong = 0;
for (const task of loadTasks(set)) {
  const decision = router.route(task.task, { top: 3 });
  if (same(decision.agent, task.agent)) continue;
  wrong += 1;
  const alts = decision.alternatives.map((a) => `${a.agent}:${a.score}`).join(' ');
  process.stdout.write(
    `${task.id} want=${task.agent} got=${decision.agent}(${decision.via}, ${decision.confidence}) [${alts}]\n   ${task.task.slice(0, 160).replace(/\n/g, ' ')}\n`,
  );
}
process.stdout.write(`${wrong} wrong\n`);
