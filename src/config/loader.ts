import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { ensurePrivateDir } from '../files/index.js';
import { CONFIG_KEYS, envNameFor } from './config-keys.js';
import { ConfigInvalidError } from './config-issues.js';
import type { ConfigIssue } from './config-issues.js';
import { DEFAULT_CONFIG } from './defaults.js';
import type { Config, ConfigLayer } from './defaults.js';
import { getPath, hasConfigEnv, setPath } from './config-values.js';
import { cachedLayer } from './validated-config-cache.js';
import { findProjectRoot, projectConfigPath, resolveHybridHome, userConfigPath } from './paths.js';

export interface LoadConfigOptions {
  /** Working directory; the project root is found from here. */
  readonly cwd: string;
  /** Environment to read `CLAUDE_HYBRID_*` and `HOME` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The flags layer, highest precedence, with the flag name behind each key for `config show`. */
  readonly flags?: { readonly layer: ConfigLayer; readonly names: ReadonlyMap<string, string> };
  /** Collect every issue instead of throwing on the first invalid layer (for `config validate`). */
  readonly collectIssues?: boolean;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Where each key's effective value came from: `default`, a file path, `env NAME` or `flag --x`. */
  readonly sources: ReadonlyMap<string, string>;
  readonly hybridHome: string;
  readonly projectRoot: string;
  /** True when the project has a `.claude-hybrid/` folder. */
  readonly initialized: boolean;
  readonly files: {
    readonly user: string;
    readonly project: string;
    readonly userExists: boolean;
    readonly projectExists: boolean;
  };
  /** Only with `collectIssues`: every invalid value found (the config then holds defaults for them). */
  readonly issues: readonly ConfigIssue[];
}

/**
 * Resolves the effective config: defaults < user file < project file < env < flags.
 * Fast path: with no config file and no config variable, nothing is parsed and neither the
 * YAML parser nor zod is imported, so commands such as `agents list` stay cheap.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const hybridHome = resolveHybridHome(env);
  // Every command that reads config uses the home: refuse a bad one here with `fs.not_writable`
  // (a file, a path under /proc), create a missing one 0700, and tighten an older install's.
  // One stat when it is already a private folder.
  ensurePrivateDir(hybridHome, {
    tighten: true,
    hint: `the Claude Hybrid home is ${hybridHome}: set CLAUDE_HYBRID_HOME to a folder you can write to, or fix its permissions`,
  });
  const project = findProjectRoot(options.cwd, hybridHome);
  const files = {
    user: userConfigPath(hybridHome),
    project: projectConfigPath(project.root),
    userExists: existsSync(userConfigPath(hybridHome)),
    projectExists: project.initialized && existsSync(projectConfigPath(project.root)),
  };
  const layers: { layer: unknown; label: (path: string) => string }[] = [];
  const issues: ConfigIssue[] = [];
  if (files.userExists || files.projectExists || hasConfigEnv(env)) {
    const cacheDir = join(hybridHome, 'cache', 'config');
    for (const [file, exists] of [
      [files.user, files.userExists],
      [files.project, files.projectExists],
    ] as const) {
      if (!exists) continue;
      // An unchanged file that validated before skips YAML and zod entirely.
      const cached = cachedLayer(cacheDir, file);
      if (cached !== undefined) {
        layers.push({ layer: cached, label: () => file });
        continue;
      }
      const { readConfigFile } = await import('./config-file.js');
      const read = readConfigFile(file, cacheDir);
      issues.push(...read.issues);
      layers.push({ layer: read.layer, label: () => file });
    }
    const { envLayer } = await import('./env-layer.js');
    const fromEnv = envLayer(env);
    issues.push(...fromEnv.issues);
    if (fromEnv.names.size > 0) {
      const { validateLayer } = await import('./schema.js');
      for (const issue of validateLayer(fromEnv.layer)) {
        const path = issue.path.join('.');
        issues.push({
          source: 'env',
          line: undefined,
          // A list item's issue (hooks.denyBash.1) is the list variable's.
          key:
            fromEnv.names.get(path) ??
            fromEnv.names.get(issue.path.slice(0, 2).join('.')) ??
            envNameFor(path),
          expected: issue.expected,
          found: JSON.stringify(getPath(fromEnv.layer, path)),
        });
      }
      layers.push({
        layer: fromEnv.layer,
        label: (path) => `env ${fromEnv.names.get(path) ?? envNameFor(path)}`,
      });
    }
  }
  if (options.flags !== undefined) {
    const names = options.flags.names;
    layers.push({ layer: options.flags.layer, label: (path) => `flag ${names.get(path) ?? path}` });
  }
  if (issues.length > 0 && options.collectIssues !== true) throw new ConfigInvalidError(issues);
  const invalidKeys = new Set(issues.map((issue) => issue.key));
  const merged: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const key of CONFIG_KEYS) {
    let value = getPath(DEFAULT_CONFIG, key.path);
    let source = 'default';
    for (const { layer, label } of layers) {
      const candidate = getPath(layer, key.path);
      if (candidate === undefined || invalidKeys.has(key.path)) continue;
      value = candidate;
      source = label(key.path);
    }
    setPath(merged, key.path, value);
    sources.set(key.path, source);
  }
  return {
    config: merged as unknown as Config, // every CONFIG_KEYS path is set from a validated layer or the defaults
    sources,
    hybridHome,
    projectRoot: project.root,
    initialized: project.initialized,
    files,
    issues,
  };
}
