import type { LoadedConfig } from '../config/index.js';
import { claudeHomeFromEnv } from '../agents/discovery.js';
import { SkillRegistry } from './registry.js';

/** The skill registry for a loaded project: its tiers, Claude Code's user skills, the bundled. */
export function skillRegistryForConfig(
  loaded: LoadedConfig,
  options: {
    /** `--skills-dir` values, resolved against `cwd`. */
    readonly skillDirs?: readonly string[];
    readonly bundled?: boolean;
    readonly cwd: string;
    /** Reads `CLAUDE_CONFIG_DIR` and `HOME` (Claude Code's user skills). */
    readonly env: NodeJS.ProcessEnv;
  },
): SkillRegistry {
  return new SkillRegistry({
    projectRoot: loaded.projectRoot,
    hybridHome: loaded.hybridHome,
    claudeHome: claudeHomeFromEnv(options.env),
    bundled: options.bundled ?? true,
    flagPaths: options.skillDirs ?? [],
    cwd: options.cwd,
  });
}
