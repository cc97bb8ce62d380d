import type { AgentEntry } from '../agents/index.js';
import { AgentError } from '../errors.js';
import { notFoundMessage, routeOnce } from '../routing/index.js';
import type { RouteDecision } from '../routing/index.js';

/** How the router is set up for a project: see config `routing.*`. */
export interface RoutingSettings {
  readonly defaultAgent: string;
  readonly threshold: number;
  readonly generalist: string;
  /** Changes whenever an agent file changes: the key of the router's cached index. */
  readonly fingerprint: string;
  /** Where the router's index is cached between processes; undefined: not cached. */
  readonly cacheDir: string | undefined;
}

export interface PickedAgent {
  readonly entry: AgentEntry;
  /** `flag`: named by the caller; else how the router (or, for `llm`, a model) chose. */
  readonly via: 'flag' | RouteDecision['via'];
}

/** The agent named, else the router's choice (an @mention in the task included). */
export function pickAgent(
  agents: readonly AgentEntry[],
  named: string | undefined,
  task: string,
  options: RoutingSettings,
): PickedAgent {
  const find = (name: string): AgentEntry | undefined =>
    agents.find((entry) => entry.definition.name === name);
  if (named !== undefined) {
    const entry = find(named);
    if (entry !== undefined) return { entry, via: 'flag' };
    throw new AgentError(
      'agents.not_found',
      notFoundMessage(
        'agent',
        named,
        agents.map((candidate) => candidate.definition.name),
      ),
      { exitCode: 2, hint: "run 'claude-hybrid agents list' to see the agents" },
    );
  }
  const { decision } = routeOnce(options, () => agents, task);
  const entry = find(decision.agent);
  if (entry === undefined)
    throw new AgentError(
      'agents.not_found',
      `the router chose "${decision.agent}", which has no file`,
      {
        hint: "run 'claude-hybrid agents list' to check the agents",
        exitCode: 1, // not the user's input: an agent file vanished after routing
      },
    );
  return { entry, via: decision.via };
}
