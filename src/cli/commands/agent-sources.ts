import { statSync } from 'node:fs';
import type { LoadedConfig } from '../../config/index.js';
import { describeFsError } from '../../agents/index.js';
import { UsageError } from '../../errors.js';
import { createRuntime } from '../../runtime.js';
import type { Runtime } from '../../runtime.js';
import { stringValues } from '../args.js';
import type { CliContext, FlagLayer, OptionSpec, ParsedValues } from '../command.js';

/** Options of every command that discovers agents. */
export const AGENT_SOURCE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'agents-dir': {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description: 'Also load agents from DIR (scope "custom")',
  },
  'no-bundled': { type: 'boolean', description: 'Leave the bundled agents out' },
};

/** The flags layer these options contribute to the config. */
export function agentFlagLayer(values: ParsedValues): FlagLayer {
  if (values['no-bundled'] === true) {
    return {
      layer: { agents: { bundled: false } },
      names: new Map([['agents.bundled', '--no-bundled']]),
    };
  }
  return { layer: {}, names: new Map() };
}

/** Loads config with the agent flags and builds a runtime; explicit dirs must exist. */
export async function runtimeForAgents(
  context: CliContext,
  values: ParsedValues,
  flags: FlagLayer = agentFlagLayer(values),
): Promise<{ runtime: Runtime; loaded: LoadedConfig }> {
  const loaded = await context.loadConfig(flags);
  const agentDirs = stringValues(values, 'agents-dir');
  const runtime = createRuntime({ loaded, agentDirs, cwd: context.io.cwd, env: context.io.env });
  checkExplicitDirs(runtime.registry.sourceDirs, '--agents-dir', 'agent *.md files');
  return { runtime, loaded };
}

/** Directories named by flag must exist: a typo is a usage error, not an empty listing. */
export function checkExplicitDirs(
  sources: readonly { readonly dir: string; readonly explicit: boolean }[],
  option: '--agents-dir' | '--skills-dir',
  holds: string,
): void {
  for (const source of sources) {
    if (!source.explicit) continue;
    let problem: string | undefined;
    try {
      if (!statSync(source.dir).isDirectory()) problem = 'is not a directory';
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'; // fs errors carry an errno code
      problem = missing ? 'does not exist' : describeFsError(error);
    }
    if (problem !== undefined)
      throw new UsageError(
        `${option} ${source.dir}: ${problem}`,
        `pass a directory that holds ${holds}`,
      );
  }
}
