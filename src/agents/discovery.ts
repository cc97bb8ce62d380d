import { assetDir, userHome } from '../files/index.js';
import { join, resolve } from 'node:path';
import type { AgentScope } from './definition.js';

/** One directory the registry scans, in precedence order. */
export interface AgentSourceDir {
  readonly dir: string;
  readonly scope: AgentScope;
  /** True when the user named this directory explicitly (missing is then an error). */
  readonly explicit: boolean;
}

export interface DiscoveryOptions {
  /** Project root: the folder holding `.claude-hybrid/` (or the working directory). */
  readonly projectRoot: string;
  /** Claude Hybrid's user home (`$CLAUDE_HYBRID_HOME`, default `~/.claude-hybrid`). */
  readonly hybridHome: string;
  /** Claude Code's user config dir. @default `$CLAUDE_CONFIG_DIR` or `~/.claude` */
  readonly claudeHome?: string | undefined;
  /** Include the bundled agents. @default true */
  readonly bundled?: boolean | undefined;
  /**
   * Include the project's, custom and the user's directories; false scans the bundled agents
   * alone (`plugin build` without `--include-local`). @default true
   */
  readonly local?: boolean | undefined;
  /** Where the bundled agents are. @default the folder shipped next to the code */
  readonly bundledDir?: string | undefined;
  /** `agents.paths` from config, relative to the project root. */
  readonly configPaths?: readonly string[] | undefined;
  /** `--agents-dir` flags, relative to the working directory. */
  readonly flagPaths?: readonly string[] | undefined;
  /** Working directory for resolving `flagPaths`. @default projectRoot */
  readonly cwd?: string | undefined;
}

/** Claude Code's user config directory, honouring `CLAUDE_CONFIG_DIR` as Claude Code does. */
export function claudeHomeFromEnv(env: NodeJS.ProcessEnv): string {
  const configured = env.CLAUDE_CONFIG_DIR;
  return configured !== undefined && configured !== ''
    ? configured
    : join(userHome(env), '.claude');
}

/** The ordered list of directories to scan: project > custom > user > bundled. */
export function agentSourceDirs(options: DiscoveryOptions): AgentSourceDir[] {
  return tierSourceDirs(options, 'agents', () => options.bundledDir ?? bundledAgentsDir());
}

/**
 * The tiers agents and skills share, as directories named `folder` (`agents`, `skills`):
 * project (`.claude-hybrid/`, `.claude/`) > custom (config, then flags) > user (our home, then
 * Claude Code's) > bundled. With `local: false`, the bundled tier alone.
 */
export function tierSourceDirs(
  options: DiscoveryOptions,
  folder: 'agents' | 'skills',
  bundled: () => string,
): AgentSourceDir[] {
  if (options.local === false)
    return [{ dir: resolve(bundled()), scope: 'bundled', explicit: false }];
  const dirs: AgentSourceDir[] = [
    { dir: join(options.projectRoot, '.claude-hybrid', folder), scope: 'project', explicit: false },
    { dir: join(options.projectRoot, '.claude', folder), scope: 'project', explicit: false },
  ];
  for (const path of options.configPaths ?? []) {
    dirs.push({ dir: resolve(options.projectRoot, path), scope: 'custom', explicit: false });
  }
  for (const path of options.flagPaths ?? []) {
    dirs.push({
      dir: resolve(options.cwd ?? options.projectRoot, path),
      scope: 'custom',
      explicit: true,
    });
  }
  dirs.push({ dir: join(options.hybridHome, folder), scope: 'user', explicit: false });
  dirs.push({
    dir: join(options.claudeHome ?? claudeHomeFromEnv(process.env), folder),
    scope: 'user',
    explicit: false,
  });
  if (options.bundled ?? true) dirs.push({ dir: bundled(), scope: 'bundled', explicit: false });
  return uniqueSourceDirs(dirs);
}

/**
 * Directories made absolute and normalised (registries build file paths by concatenation), and
 * one named twice (e.g. in config and by flag, or a home that is also the project) kept once, at
 * its best rank: the input is in precedence order.
 */
export function uniqueSourceDirs<Source extends { readonly dir: string }>(
  dirs: readonly Source[],
): Source[] {
  const seen = new Set<string>();
  const unique: Source[] = [];
  for (const entry of dirs) {
    const dir = resolve(entry.dir);
    if (seen.has(dir)) continue;
    seen.add(dir);
    unique.push({ ...entry, dir });
  }
  return unique;
}

let bundledDir: string | undefined;

/**
 * The bundled agents ship as markdown next to the code: `dist/agents/bundled` in a build,
 * `src/agents/bundled` when running from source (tests).
 */
export function bundledAgentsDir(): string {
  bundledDir ??= assetDir(
    import.meta.url,
    ['./agents/bundled', '../agents/bundled', './bundled', '../../dist/agents/bundled'],
    './bundled',
  );
  return bundledDir;
}
