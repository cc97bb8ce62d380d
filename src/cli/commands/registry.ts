import type { CommandGroup } from '../command.js';

/**
 * The command table. Summaries live here so top-level help needs no imports; each group's
 * module is loaded only when that group runs, which keeps the cold path small.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CommandGroup>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'Create .claude-hybrid/ in this project with a commented config',
    load: async () => (await import('./init.js')).initGroup,
  },
  {
    name: 'agents',
    summary: 'List, show, validate, scaffold, deploy and undeploy agents',
    load: async () => (await import('./agents.js')).agentsGroup,
  },
  {
    name: 'skills',
    summary: 'List, show, validate, deploy and undeploy Agent Skills (SKILL.md folders)',
    load: async () => (await import('./skills.js')).skillsGroup,
  },
  {
    name: 'route',
    summary: 'Pick the agent and the model for a task, and explain why',
    load: async () => (await import('./route.js')).routeGroup,
  },
  {
    name: 'run',
    summary: 'Run one agent on a task and print its answer, tokens and cost',
    load: async () => (await import('./split-door.js')).loadRunGroup(),
  },
  {
    name: 'workflow',
    summary: 'Run durable multi-agent workflows: validate, run, resume, cancel, inspect',
    load: async () => (await import('./split-door.js')).loadWorkflowGroup(),
  },
  {
    name: 'memory',
    summary: 'Agent memory: add, list, search, show, optimize, prune, export, import, capture',
    load: async () => (await import('./split-door.js')).loadMemoryGroup(),
  },
  {
    name: 'daemon',
    summary: 'Run the local daemon Claude Code hooks report to: start, stop, status, restart',
    load: async () => (await import('./split-door.js')).loadDaemonGroup(),
  },
  {
    name: 'code',
    summary: 'Launch Claude Code as a project manager that delegates to the deployed agents',
    load: async () => (await import('./split-door.js')).loadCodeGroup(),
  },
  {
    name: 'hooks',
    summary: 'Install, remove or check the Claude Code hooks that report to the daemon',
    load: async () => (await import('./split-door.js')).loadHooksGroup(),
  },
  {
    name: 'mcp',
    summary: 'The MCP server Claude Code calls: serve it over stdio, register it, check it',
    load: async () => (await import('./split-door.js')).loadMcpGroup(),
  },
  {
    name: 'plugin',
    summary: 'Build the Claude Code plugin and marketplace: agents, skills, hooks, MCP server',
    load: async () => (await import('./plugin.js')).pluginGroup,
  },
  {
    name: 'dashboard',
    summary: 'Open the live dashboard: sessions, agents, tools, runs, cost and performance',
    load: async () => (await import('./split-door.js')).loadDashboardGroup(),
  },
  {
    name: 'session',
    summary: 'Claude Code sessions: timeline, delegations, tool failures, tokens and cost',
    load: async () => (await import('./split-door.js')).loadSessionGroup(),
  },
  {
    name: 'statusline',
    summary: 'Print the Claude Code status line: active agent, context %, cost, dashboard link',
    load: async () => (await import('./split-door.js')).loadStatuslineGroup(),
  },
  {
    name: 'worker',
    summary: 'Run agent runs and workflow steps from a Redis queue (BullMQ), until stopped',
    load: async () => (await import('./split-door.js')).loadWorkerGroup(),
  },
  {
    name: 'stats',
    summary: 'Runs in this project: success rate, latency, cost by agent and model',
    load: async () => (await import('./split-door.js')).loadStatsGroup(),
  },
  {
    name: 'cache',
    summary: 'Show or clear the response cache',
    load: async () => (await import('./split-door.js')).loadCacheGroup(),
  },
  {
    name: 'config',
    summary: 'Show or validate the effective configuration',
    load: async () => (await import('./config.js')).configGroup,
  },
  {
    name: 'events',
    summary: 'Read the project event log',
    load: async () => (await import('./split-door.js')).loadEventsGroup(),
  },
  {
    name: 'doctor',
    summary: 'Check the installation and this project, and say how to fix each problem',
    load: async () => (await import('./doctor.js')).doctorGroup,
  },
  {
    name: 'store',
    summary: 'Check or migrate the store: the project SQLite database or a shared Postgres',
    load: async () => (await import('./split-door.js')).loadStoreGroup(),
  },
  {
    name: 'completion',
    summary: 'Print the shell completion script: bash, zsh or fish',
    load: async () => (await import('./completion.js')).completionGroup,
  },
];
