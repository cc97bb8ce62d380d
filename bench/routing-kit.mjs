// Shared by the routing benches and fitting scripts: the bundled TypeScript modules, the agents,
// the labelled tasks, and which corpus agents are identical copies of each other.
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The agents and routing modules, bundled from source for the bench. */
export async function loadRoutingModules() {
  const outfile = here('../node_modules/.cache/claude-hybrid-bench/routing.mjs');
  buildSync({
    stdin: {
      contents:
        "export { AgentRegistry } from './src/agents/index.ts'; export * from './src/routing/index.ts';",
      resolveDir: here('..'),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  return import(outfile);
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
 * The corpus ships identical prompts under several names (e.g. six *-code-reviewer copies);
 * picking any copy of the labelled agent is the same agent. Returns the comparison to use.
 */
export function sameAgent(agents) {
  const copyOf = new Map();
  const byBody = new Map();
  for (const agent of agents) {
    const key = createHash('sha256').update(agent.body).digest('hex');
    if (!byBody.has(key)) byBody.set(key, agent.name);
    copyOf.set(agent.name, byBody.get(key));
  }
  return (left, right) =>
    left === right || (copyOf.get(left) ?? left) === (copyOf.get(right) ?? right);
}
