import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HybridError } from '../errors.js';
import { userHome } from '../files/index.js';
import { assertUnchanged, serializeLike, stripBom, writeWithMode } from './config-file-write.js';

/**
 * Registers the MCP server with Claude Code: `.mcp.json` at the project root (scope project,
 * shared through the repository) or the user's `~/.claude.json` (scope user; under
 * `$CLAUDE_CONFIG_DIR` when that is set), in their `mcpServers` map. Invariants: only our entry
 * is added, changed or removed; every other key and server is kept as it was; a file we cannot
 * read as a JSON object is refused and never written; a write is atomic and keeps the file's
 * permission bits; writing the same entry again writes nothing.
 */

export const MCP_SERVER_NAME = 'claude-hybrid';
export const MCP_SCOPES = ['project', 'user'] as const;
export type McpScope = (typeof MCP_SCOPES)[number];

/** Claude Code's user file is large (it keeps history); anything past this is not that file. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** How Claude Code starts the server: a stdio command. */
export interface McpServerEntry {
  readonly type: 'stdio';
  readonly command: string;
  readonly args: readonly string[];
}

export function mcpConfigPath(
  scope: McpScope,
  options: { readonly projectRoot: string; readonly env: NodeJS.ProcessEnv },
): string {
  if (scope === 'project') return join(options.projectRoot, '.mcp.json');
  const configured = options.env.CLAUDE_CONFIG_DIR;
  return configured !== undefined && configured !== ''
    ? join(configured, '.claude.json')
    : join(userHome(options.env), '.claude.json');
}

type JsonObject = Record<string, unknown>;

interface ConfigDocument {
  readonly file: string;
  readonly exists: boolean;
  readonly text: string;
  readonly value: JsonObject;
  readonly mode: number | undefined;
}

function refused(file: string, reason: string): HybridError {
  return new HybridError('mcp.unparseable_config', `cannot edit ${file}: ${reason}`, {
    hint: 'fix the file by hand (or move it away) and run the command again; it was not changed',
    exitCode: 2,
  });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readConfig(file: string): ConfigDocument {
  if (!existsSync(file)) return { file, exists: false, text: '', value: {}, mode: undefined };
  if (lstatSync(file).isSymbolicLink() && file.endsWith('.mcp.json'))
    throw refused(file, 'it is a symbolic link; a project file is edited only in the project');
  const stat = statSync(file);
  if (!stat.isFile()) throw refused(file, 'it is not a regular file');
  if (stat.size > MAX_CONFIG_BYTES)
    throw refused(file, `it is ${stat.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`);
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    throw refused(file, `it is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw refused(file, 'it is not a JSON object');
  if (value.mcpServers !== undefined && !isObject(value.mcpServers))
    throw refused(file, '"mcpServers" is not an object');
  return { file, exists: true, text, value, mode: stat.mode & 0o777 };
}

function write(document: ConfigDocument, text: string): void {
  // Claude Code rewrites ~/.claude.json often: never write over a change made meanwhile.
  assertUnchanged(document.file, document.exists ? document.text : undefined, 'mcp.config_changed');
  writeWithMode(document.file, text, document.mode ?? 0o644);
}

function sameEntry(left: unknown, right: McpServerEntry): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

export interface McpWriteReport {
  readonly file: string;
  /** False when the file already held exactly this: nothing was written. */
  readonly changed: boolean;
  readonly created: boolean;
}

/** Adds or updates our server entry. Safe to re-run. `dryRun` reports the change and writes nothing. */
export function installMcpServer(
  file: string,
  entry: McpServerEntry,
  options: { readonly dryRun?: boolean } = {},
): McpWriteReport {
  const document = readConfig(file);
  const servers = (document.value.mcpServers ?? {}) as JsonObject; // readConfig checked it
  if (sameEntry(servers[MCP_SERVER_NAME], entry)) return { file, changed: false, created: false };
  if (options.dryRun === true) return { file, changed: true, created: !document.exists };
  const value = { ...document.value, mcpServers: { ...servers, [MCP_SERVER_NAME]: entry } };
  write(document, serializeLike(value, document));
  return { file, changed: true, created: !document.exists };
}

/** Removes our server entry (and nothing else). A missing file or entry writes nothing. */
export function uninstallMcpServer(file: string): McpWriteReport {
  const document = readConfig(file);
  const servers = document.value.mcpServers as JsonObject | undefined; // readConfig checked it
  if (servers === undefined || !(MCP_SERVER_NAME in servers))
    return { file, changed: false, created: false };
  const rest = Object.fromEntries(
    Object.entries(servers).filter(([name]) => name !== MCP_SERVER_NAME),
  );
  write(document, serializeLike({ ...document.value, mcpServers: rest }, document));
  return { file, changed: true, created: false };
}

export interface McpRegistration {
  readonly scope: McpScope;
  readonly file: string;
  readonly exists: boolean;
  /** Our entry as the file holds it; undefined when it holds none. */
  readonly entry: McpServerEntry | undefined;
  /** Set when the file cannot be read; it is then reported, never thrown. */
  readonly problem?: string;
}

/** What one scope's file holds of ours. */
export function mcpRegistration(scope: McpScope, file: string): McpRegistration {
  try {
    const document = readConfig(file);
    const servers = (document.value.mcpServers ?? {}) as JsonObject; // readConfig checked it
    const entry = servers[MCP_SERVER_NAME];
    return {
      scope,
      file,
      exists: document.exists,
      entry: isObject(entry) ? (entry as unknown as McpServerEntry) : undefined, // shown as found
    };
  } catch (error) {
    return { scope, file, exists: true, entry: undefined, problem: (error as Error).message };
  }
}
