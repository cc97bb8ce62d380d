import { lazyRequire } from './lazy-require.js';

/** The user's home directory: `$HOME`, else the OS answer (node:os is loaded only then). */
export function userHome(env: NodeJS.ProcessEnv): string {
  const home = env.HOME;
  if (home !== undefined && home !== '') return home;
  return (lazyRequire('node:os') as { homedir(): string }).homedir(); // the builtin's own type
}
