// Shared by the routing benches and fitting scripts: the bundled TypeScript modules, the agents,
// the labelled tasks, and which corpus agents are identical copies of each other.
import { bundleForBench } from './bundle.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The agents and routing modules, bundled from source for the bench. */
export async function loadRoutingModules() {
  return import(
    bundleForBench(
      'routing',
      "export { AgentRegistry } from './src/agents/index.ts'; export * from './src/routing/index.ts'; export { bundledModelTable } from './src/models/index.ts';",
    )
  );
}

/** Agent definitions from a registry isolated from any real home or project. */
export function agentLoader(modules, root) {
  return (options) =>
    new modules.AgentRegistry({
      projectRoot: root,
      hybridHome: `${root}/home`,
      claudeHome: `${root}/claude`,
      bundledDir: here('../src/agents/bundled'),
      ...options,
    })
      .load()
      .agents.map((entry) => entry.definition);
}

/** The labelled tasks in bench/routing/<name>-tasks.jsonl, or undefined when absent. */
export function loadTasks(name) {
  const file = here(`./routing/${name}-tasks.jsonl`);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * The held-out labelled tasks in bench/routing/<name>-heldout.jsonl, or undefined when absent.
 * Only the routing-quality bench reads them: nothing that is tuned or fitted may look at them.
 */
export function loadHeldOut(name) {
  const file = here(`./routing/${name}-heldout.jsonl`);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * The corpus ships the same agent under several names: identical prompts (six *-code-reviewer
 * copies) and copies that differ by a line or two (two django-pro files whose only difference is
 * one list item). Picking any copy of the labelled agent is picking that agent. Two agents are
 * copies when their descriptions plus bodies share at least 90% of their distinct words (Jaccard).
 * Returns the comparison to use.
 */
export function sameAgent(agents) {
  const words = agents.map(
    (agent) =>
      new Set(`${agent.description} ${agent.body}`.toLowerCase().match(/[a-z0-9]+/g) ?? []),
  );
  const copyOf = new Map();
  agents.forEach((agent, index) => {
    const first = agents.findIndex(
      (other, at) => at <= index && jaccard(words[at], words[index]) >= COPY_SIMILARITY,
    );
    copyOf.set(agent.name, copyOf.get(agents[first].name) ?? agents[first].name);
  });
  return (left, right) =>
    left === right || (copyOf.get(left) ?? left) === (copyOf.get(right) ?? right);
}

const COPY_SIMILARITY = 0.9;

function jaccard(left, right) {
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared || 1);
}
