import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HybridError } from '../errors.js';
import { assetDir } from '../files/index.js';
import type { McpScope, McpServerEntry } from './mcp-config.js';

/**
 * How Claude Code is to start our MCP server: the entry `mcp install` and `init --claude-code`
 * write into `.mcp.json` or `~/.claude.json`.
 */

/** The CLI's entry file: beside this bundle in a build, the build's copy from the sources. */
function cliFile(): string {
  const path = assetDir(import.meta.url, ['./cli.cjs', '../../dist/cli.cjs'], './cli.cjs');
  if (!existsSync(path))
    throw new HybridError('mcp.no_entry', `the CLI entry ${path} is missing`, {
      hint: 'reinstall claude-hybrid (from source: npm run build)',
      exitCode: 2,
    });
  return path;
}

/** `claude-hybrid` on PATH when it is this very install, so a shared .mcp.json names no machine path. */
function onPath(env: NodeJS.ProcessEnv, cli: string): boolean {
  const target = realpathSync(cli);
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    const candidate = join(dir, 'claude-hybrid');
    try {
      return dir !== '' && realpathSync(candidate) === target;
    } catch {
      return false;
    }
  });
}

/**
 * How Claude Code should start the server. A project file is shared, so it names the command on
 * PATH when that is this install; otherwise (and in user scope) node and the CLI by absolute path.
 */
export function serverEntry(scope: McpScope, env: NodeJS.ProcessEnv): McpServerEntry {
  const cli = cliFile();
  if (scope === 'project' && onPath(env, cli))
    return { type: 'stdio', command: 'claude-hybrid', args: ['mcp'] };
  return { type: 'stdio', command: process.execPath, args: [cli, 'mcp'] };
}
