import {
  MCP_SCOPES,
  MCP_SERVER_NAME,
  installMcpServer,
  mcpConfigPath,
  mcpRegistration,
  uninstallMcpServer,
} from '../../claude-code/mcp-config.js';
import type { McpRegistration, McpScope } from '../../claude-code/mcp-config.js';
import { serverEntry } from '../../claude-code/mcp-server-entry.js';
import { checkMcpServer } from '../../claude-code/mcp-reachability.js';
import { HybridError, UsageError } from '../../errors.js';
import type { ProviderName } from '../../library/types.js';
import { describeEnabled, enabledPlugin } from '../../plugin/enabled-plugin.js';
import { flag, stringValue } from '../args.js';
import type { CliContext, CommandGroup, OptionSpec, ParsedValues } from '../command.js';
import { PROVIDER_OPTION } from './provider-option.js';

const SCOPE_OPTION: Readonly<Record<string, OptionSpec>> = {
  scope: {
    type: 'string',
    value: 'S',
    description:
      'project (.mcp.json, shared with the repository; the default) or user (~/.claude.json)',
  },
};

function scopeOf(values: ParsedValues): McpScope {
  const scope = stringValue(values, 'scope') ?? 'project';
  const known = MCP_SCOPES.find((candidate) => candidate === scope);
  if (known === undefined)
    throw new UsageError(`unknown scope "${scope}"`, 'use --scope project or --scope user');
  return known;
}

async function projectRootFor(context: CliContext, scope: McpScope): Promise<string> {
  const loaded = await context.loadConfig();
  if (scope === 'project' && !loaded.initialized)
    throw new HybridError(
      'store.not_initialized',
      `no .claude-hybrid/ folder in ${loaded.projectRoot} or above`,
      { hint: "run 'claude-hybrid init' in the project root first", exitCode: 2 },
    );
  return loaded.projectRoot;
}

async function serve(context: CliContext, values: ParsedValues): Promise<number> {
  const provider = stringValue(values, 'provider');
  // The server (and the SDK) load only here, so install and status stay light.
  const { serveStdio } = await import('./mcp-door.js');
  await serveStdio(
    {
      cwd: context.io.cwd,
      env: context.io.env,
      ...(provider === undefined ? {} : { provider: provider as ProviderName }), // checked by the library
    },
    { input: process.stdin, output: process.stdout },
  );
  return 0;
}

async function install(context: CliContext, values: ParsedValues): Promise<number> {
  const scope = scopeOf(values);
  const projectRoot = await projectRootFor(context, scope);
  const plugin = flag(values, 'force')
    ? undefined
    : enabledPlugin({ projectRoot, env: context.io.env });
  if (plugin !== undefined) {
    if (context.json) context.writeJson({ scope, name: MCP_SERVER_NAME, installed: false, plugin });
    else
      context.out(
        `not registered: ${describeEnabled(plugin)} and brings the "${MCP_SERVER_NAME}" MCP server already (--force registers it anyway; Claude Code would then start it twice)`,
      );
    return 0;
  }
  const entry = serverEntry(scope, context.io.env);
  const file = mcpConfigPath(scope, { projectRoot, env: context.io.env });
  const report = installMcpServer(file, entry);
  if (context.json) context.writeJson({ scope, name: MCP_SERVER_NAME, entry, ...report });
  else
    context.out(
      report.changed
        ? `${report.created ? 'created' : 'updated'} ${file}: MCP server "${MCP_SERVER_NAME}" (${entry.command} ${entry.args.join(' ')})`
        : `${file} already registers "${MCP_SERVER_NAME}"; nothing to do`,
    );
  return 0;
}

async function uninstall(context: CliContext, values: ParsedValues): Promise<number> {
  const scope = scopeOf(values);
  const loaded = await context.loadConfig();
  const file = mcpConfigPath(scope, { projectRoot: loaded.projectRoot, env: context.io.env });
  const report = uninstallMcpServer(file);
  if (context.json) context.writeJson({ scope, ...report });
  else
    context.out(
      report.changed
        ? `removed "${MCP_SERVER_NAME}" from ${file}`
        : `${file} registers no "${MCP_SERVER_NAME}"; nothing to do`,
    );
  return 0;
}

/** How long `mcp status` waits for the server to list its tools. */
const REACH_TIMEOUT_MS = 10_000;

async function status(context: CliContext): Promise<number> {
  const loaded = await context.loadConfig();
  const env = context.io.env;
  const registrations: McpRegistration[] = MCP_SCOPES.map((scope) =>
    mcpRegistration(scope, mcpConfigPath(scope, { projectRoot: loaded.projectRoot, env })),
  );
  // Claude Code prefers the project's entry over the user's.
  const effective = registrations.find((registration) => registration.entry !== undefined);
  const reach =
    effective?.entry === undefined
      ? undefined
      : await checkMcpServer(effective.entry, {
          cwd: loaded.projectRoot,
          env,
          timeoutMs: REACH_TIMEOUT_MS,
        });
  const registered = effective !== undefined;
  const ok = registered && reach?.reachable === true;
  if (context.json) {
    context.writeJson({ registered, reachable: reach?.reachable ?? false, registrations, reach });
    return ok ? 0 : 1;
  }
  const lines = registrations.map((registration) => {
    const state =
      registration.problem ??
      (registration.entry === undefined
        ? registration.exists
          ? 'no claude-hybrid entry'
          : 'no file'
        : `registered: ${registration.entry.command} ${registration.entry.args.join(' ')}`);
    return `${registration.scope.padEnd(8)} ${registration.file}: ${state}`;
  });
  if (reach === undefined) lines.push('not registered: run `claude-hybrid mcp install`');
  else if (reach.reachable)
    lines.push(`reachable: ${reach.tools.length} tools listed in ${reach.ms} ms`);
  else lines.push(`not reachable: ${reach.error ?? 'no answer'}`);
  context.out(lines.join('\n'));
  return ok ? 0 : 1;
}

export const mcpGroup: CommandGroup = {
  name: 'mcp',
  summary: 'The MCP server Claude Code calls: serve it over stdio, register it, check it.',
  subcommands: [
    {
      name: '',
      summary: "Serve the project's tools, agents, memories and workflows over MCP on stdio.",
      usage: '[--provider P]',
      details:
        'An MCP server on standard input and output, for Claude Code (or any MCP client) to start\n' +
        'in an initialised project. Tools: memory_add, memory_search, memory_list, agents_list,\n' +
        'agents_route, agent_run, workflow_run, workflow_status, stats_summary, session_events,\n' +
        'cache_stats. Resources: agent://NAME and memory://AGENT. Prompts: one per workflow.\n' +
        'Register it with `claude-hybrid mcp install`.',
      options: PROVIDER_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid mcp install', 'claude-hybrid mcp --provider sim'],
      run: (context, values) => serve(context, values),
    },
    {
      name: 'install',
      summary: 'Register the MCP server with Claude Code (.mcp.json or ~/.claude.json).',
      usage: '[--scope project|user] [--force] [--json]',
      details:
        'Adds the "claude-hybrid" server to the mcpServers of .mcp.json at the project root\n' +
        '(scope project, the default; shared with the repository) or of ~/.claude.json (scope\n' +
        'user; $CLAUDE_CONFIG_DIR/.claude.json when that is set). Other servers and keys are\n' +
        'kept as they were; running it again changes nothing. A file that is not a JSON object\n' +
        'is refused and left untouched.\n\n' +
        'When the claude-hybrid Claude Code plugin is enabled here (enabledPlugins in user, project\n' +
        'or local settings), it brings the server itself: install registers nothing and says so in\n' +
        'one line, unless --force.',
      options: {
        ...SCOPE_OPTION,
        force: {
          type: 'boolean',
          description: 'Register even when the claude-hybrid plugin is enabled',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid mcp install', 'claude-hybrid mcp install --scope user'],
      run: (context, values) => install(context, values),
    },
    {
      name: 'uninstall',
      summary: 'Remove the MCP server from .mcp.json or ~/.claude.json.',
      usage: '[--scope project|user] [--json]',
      details: 'Removes only the "claude-hybrid" entry; other servers and keys are kept.',
      options: SCOPE_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid mcp uninstall --scope user'],
      run: (context, values) => uninstall(context, values),
    },
    {
      name: 'status',
      summary: 'Whether the MCP server is registered, and whether it starts and lists its tools.',
      usage: '[--json]',
      details:
        'Shows the entry in each scope, then starts the registered server as Claude Code would\n' +
        '(in the project) and asks for its tools. Exit code 1 when it is not registered or not\n' +
        'reachable.\n\n' +
        'JSON: {registered, reachable, registrations: [{scope, file, exists, entry, problem}],\n' +
        'reach: {reachable, ms, tools, error}}.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid mcp status'],
      run: (context) => status(context),
    },
  ],
};
