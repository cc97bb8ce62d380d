/**
 * Which CLI invocations the running daemon may run for the CLI (`POST /cli`): read-only commands
 * whose cost is mostly loading code and data that the daemon has warm already (the router and
 * the registry; SQLite and the memory index), that read no standard input and wait on nobody.
 * Asking costs a CLI process about 6 ms (node:net, the round trip), so only commands that save
 * more are here (measured: memory 31 → 23 ms, route 25 → 23 ms; agents and session commands run
 * as fast or faster in-process). Both sides check: the CLI before asking, the daemon before
 * running. Pure and tiny: the CLI's entry imports it.
 */
const SERVED: Readonly<Record<string, readonly string[] | 'single'>> = {
  route: 'single',
  memory: ['list', 'search', 'show'],
};

/** Flags that make a run interactive, local to this process, or about the CLI itself. */
const LOCAL_FLAGS: ReadonlySet<string> = new Set([
  '-',
  '--debug',
  '--help',
  '-h',
  '--version',
  '-V',
  '--rerank',
  // A model call waits on the network: run here. (With config routing.llm: auto the daemon
  // still serves route, and makes the call with the asking process's environment.)
  '--llm-route',
]);

export function isServedCommand(argv: readonly string[]): boolean {
  const [group, subcommand] = argv;
  if (group === undefined || !Object.hasOwn(SERVED, group)) return false;
  const served = SERVED[group];
  if (served !== 'single' && !served?.includes(subcommand ?? '')) return false;
  for (const arg of argv) {
    if (arg === '--') return false;
    if (LOCAL_FLAGS.has(arg)) return false;
  }
  return true;
}
