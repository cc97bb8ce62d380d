import { readFileSync } from 'node:fs';
import { assetDir } from '../files/index.js';

/**
 * The plugin's manifest (`.claude-plugin/plugin.json`) and the marketplace's
 * (`.claude-plugin/marketplace.json`), from the package's own package.json: the plugin's name and
 * version are the package's, so a release of the package is a release of the plugin. Both pass
 * `claude plugin validate --strict` (Claude Code 2.1): an author and descriptions are given.
 */

export const PLUGIN_NAME = 'claude-hybrid';
/** The marketplace's name: `claude plugin install claude-hybrid@claude-hybrid`. */
export const MARKETPLACE_NAME = 'claude-hybrid';
/** Where the plugin is, relative to the marketplace's folder. */
export const PLUGIN_DIR = `plugins/${PLUGIN_NAME}`;

const AUTHOR = { name: 'Claude Hybrid' };
const KEYWORDS = [
  'agents',
  'subagents',
  'orchestration',
  'routing',
  'memory',
  'workflows',
  'hooks',
  'mcp',
];

export interface PackageMetadata {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly license: string;
}

/** package.json of this install: beside dist/ in a build, at the repository root from source. */
export function packageMetadata(): PackageMetadata {
  const file = assetDir(
    import.meta.url,
    ['../package.json', '../../package.json'],
    '../package.json',
  );
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageMetadata>; // our own file
  return {
    name: value.name ?? PLUGIN_NAME,
    version: value.version ?? '0.0.0',
    description: value.description ?? '',
    license: value.license ?? 'MIT',
  };
}

export function pluginManifest(metadata: PackageMetadata): Record<string, unknown> {
  return {
    name: PLUGIN_NAME,
    version: metadata.version,
    description: metadata.description,
    author: AUTHOR,
    license: metadata.license,
    keywords: KEYWORDS,
  };
}

export function marketplaceManifest(metadata: PackageMetadata): Record<string, unknown> {
  return {
    name: MARKETPLACE_NAME,
    owner: AUTHOR,
    description: `The ${PLUGIN_NAME} plugin: specialist agents, skills, hooks and the MCP server of ${metadata.name}`,
    plugins: [
      {
        name: PLUGIN_NAME,
        source: `./${PLUGIN_DIR}`,
        description: metadata.description,
        version: metadata.version,
        author: AUTHOR,
        license: metadata.license,
        keywords: KEYWORDS,
        category: 'development',
      },
    ],
  };
}

/** JSON as the build writes it: two-space indent and a final newline, so output is stable. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
