import { parseDuration } from '../files/index.js';
import { HybridError } from '../errors.js';
import type { Hybrid, HybridRunEvent, ProviderName, StreamChunk } from '../library/types.js';
import type { McpSdk } from './sdk.js';

type Z = typeof McpSdk.z;

/** The longest task, memory text or query a tool takes, in characters. */
export const MAX_TEXT_ARGUMENT = 1_000_000;
/** Names: agents, workflows, run ids, event types, sessions. */
const MAX_NAME = 256;

/** What a long-running tool may do while it works. */
export interface ToolContext {
  /** Aborted when the client cancels the call or goes away. */
  readonly signal: AbortSignal;
  /** Reports progress to a client that asked for it (a no-op otherwise). */
  progress(progress: number, total: number | undefined, message: string): void;
}

export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The arguments, as a zod object shape built with the SDK's zod. */
  input(z: Z): Record<string, McpSdk.z.ZodType>;
  /** Read-only tools change nothing in the project (MCP's readOnlyHint). */
  readonly readOnly: boolean;
  run(hybrid: Hybrid, args: Record<string, unknown>, context: ToolContext): Promise<object>;
}

function text(z: Z, what: string) {
  return z.string().min(1).max(MAX_TEXT_ARGUMENT).describe(what);
}

function name(z: Z, what: string) {
  return z.string().min(1).max(MAX_NAME).describe(what);
}

/** `24h`, `7d`, ... as milliseconds; a bad duration is a tool error that says how to write one. */
function sinceMs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw new HybridError(
      'engine.invalid_options',
      `since must be a number and a unit (s, m, h, d, w); got "${text}"`,
      { exitCode: 2, hint: 'e.g. since: "24h"' },
    );
  return ms;
}

/** The fields of `args` that are set, for options objects that refuse explicit undefined keys. */
function present(args: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (args[key] !== undefined) picked[key] = args[key];
  return picked;
}

const PROVIDERS = ['anthropic', 'bedrock', 'vertex', 'claude-code', 'openai', 'sim'] as const;
/** The least time between two progress notifications of a streamed answer. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * The tools, each a thin shell over the library API (src/library/types.ts): the same calls, the
 * same checks, the same errors as `createHybrid()` users get.
 */
export const TOOLS: readonly ToolDefinition[] = [
  {
    name: 'memory_add',
    title: 'Remember a learning',
    description:
      "Keeps one learning (a fact, convention or gotcha, one line of plain text) in an agent's " +
      "memory, or in the project's with agent 'project'. Runs of that agent recall it. A " +
      'near-duplicate replaces the older entry (status merged).',
    readOnly: false,
    input: (z) => ({
      agent: name(z, "The agent's name (see agents_list), or 'project'"),
      text: text(z, 'The learning, one line of plain text'),
      section: z
        .enum(['Critical', 'Environment', 'Decisions', 'Patterns', 'Gotchas', 'Notes'])
        .optional()
        .describe('The section of the memory file (default Notes)'),
    }),
    run: (hybrid, args) =>
      hybrid.memory.add(String(args.agent), String(args.text), present(args, ['section'])),
  },
  {
    name: 'memory_search',
    title: 'Search memory',
    description:
      "Full-text search over the project's agent memories (BM25), best first. Use it before " +
      'a task to find conventions, decisions and gotchas recorded earlier.',
    readOnly: true,
    input: (z) => ({
      query: text(z, 'Words to look for'),
      agent: name(z, "Only this agent's memory (or 'project')").optional(),
      limit: z.number().int().min(1).max(100).optional().describe('At most this many (default 10)'),
    }),
    run: async (hybrid, args) => ({
      hits: await hybrid.memory.search(String(args.query), present(args, ['agent', 'limit'])),
    }),
  },
  {
    name: 'memory_list',
    title: 'List memory',
    description:
      "Every entry of one agent's memory, or of every agent's, with its section and date.",
    readOnly: true,
    input: (z) => ({ agent: name(z, "Only this agent's memory (or 'project')").optional() }),
    run: async (hybrid, args) => ({
      entries: await hybrid.memory.list(present(args, ['agent'])),
    }),
  },
  {
    name: 'agents_list',
    title: 'List agents',
    description:
      'The agents available in this project (project, custom, user and bundled; shadowed ones ' +
      'left out): name, description, scope, model tier, tools and routing keywords.',
    readOnly: true,
    input: () => ({}),
    run: async (hybrid) => ({ agents: await hybrid.agents.list() }),
  },
  {
    name: 'agents_route',
    title: 'Route a task',
    description:
      'Which agent and model a task should go to, and why: the matched terms, the complexity ' +
      'tier, ranked alternatives and the cost estimate. Calls no model.',
    readOnly: true,
    input: (z) => ({
      task: text(z, 'The task, in plain words'),
      top: z.number().int().min(1).max(20).optional().describe('Ranked alternatives (default 3)'),
      model: name(z, 'A model alias or id to use whatever the task').optional(),
    }),
    run: (hybrid, args) => hybrid.route(String(args.task), present(args, ['top', 'model'])),
  },
  {
    name: 'agent_run',
    title: 'Run an agent',
    description:
      'Runs one agent on a task through the configured provider (routed unless `agent` is ' +
      'given), with memory recall, the budget and the response cache, and returns its answer, ' +
      'tokens and exact cost. Reports progress as text arrives; cancelling the call stops it.',
    readOnly: false,
    input: (z) => ({
      task: text(z, 'The task for the agent'),
      agent: name(z, 'Run this agent instead of routing').optional(),
      model: name(z, 'A model alias (haiku, sonnet, opus) or id').optional(),
      provider: z.enum(PROVIDERS).optional().describe('The provider (default: configured)'),
      maxCostUsd: z
        .number()
        .positive()
        .optional()
        .describe('Refuse before calling when the estimate is over this, in USD'),
      cache: z.boolean().optional().describe('Answer from the response cache (default true)'),
    }),
    run: async (hybrid, args, context) => {
      let received = 0;
      let reported = 0;
      let result: (StreamChunk & { type: 'result' })['result'] | undefined;
      const options = {
        ...present(args, ['agent', 'model', 'maxCostUsd', 'cache']),
        ...(args.provider === undefined ? {} : { provider: args.provider as ProviderName }),
        signal: context.signal,
        onEvent: (event: HybridRunEvent) => {
          if (event.type === 'run.started')
            context.progress(0, undefined, `${event.payload.agent} on ${event.payload.model}`);
        },
      };
      for await (const chunk of hybrid.stream(String(args.task), options)) {
        if (chunk.type === 'text') {
          received += chunk.text.length;
          // At most a few a second: a notification per token would cost more than the answer.
          if (performance.now() - reported < PROGRESS_INTERVAL_MS) continue;
          reported = performance.now();
          context.progress(received, undefined, `${received} characters of answer`);
        } else result = chunk.result;
      }
      if (result === undefined) throw new Error('the run ended without a result');
      return result;
    },
  },
  {
    name: 'workflow_run',
    title: 'Run a workflow',
    description:
      'Runs a multi-agent workflow (a name in .claude-hybrid/workflows/, a bundled one such as ' +
      'code-review, or a file) to its end, checkpointed: a cancelled or failed run is resumed ' +
      'with the CLI (`workflow resume RUN_ID`). Reports progress per step.',
    readOnly: false,
    input: (z) => ({
      workflow: name(z, 'The workflow: a name (see the prompts list) or a file path'),
      inputs: z
        .record(z.string().max(MAX_NAME), z.string().max(MAX_TEXT_ARGUMENT))
        .optional()
        .describe('The workflow inputs, as { name: "text" }'),
      model: name(z, 'The model for steps that name none').optional(),
      provider: z.enum(PROVIDERS).optional().describe('The provider (default: configured)'),
    }),
    run: async (hybrid, args, context) => {
      let done = 0;
      return hybrid.workflows.run(
        String(args.workflow),
        (args.inputs ?? {}) as Record<string, string>, // checked by the schema
        {
          ...present(args, ['model']),
          ...(args.provider === undefined ? {} : { provider: args.provider as ProviderName }),
          signal: context.signal,
          onStep: (event) => {
            if (event.type === 'step.started') return;
            if (event.type !== 'step.completed' || event.done) done += 1;
            context.progress(done, undefined, `${event.stepId}: ${event.type.slice(5)}`);
          },
        },
      );
    },
  },
  {
    name: 'workflow_status',
    title: 'Workflow run status',
    description: "A workflow run's status, spend and each step's status, agent, tokens and output.",
    readOnly: true,
    input: (z) => ({ runId: name(z, 'The run id workflow_run returned') }),
    run: (hybrid, args) => hybrid.workflows.status(String(args.runId)),
  },
  {
    name: 'stats_summary',
    title: 'Run statistics',
    description:
      'The runs recorded in this project: count, success rate, latency p50/p95/p99, cache hit ' +
      'rate, retries, tokens and cost, in total and by agent and model.',
    readOnly: true,
    input: (z) => ({
      since: z.string().max(32).optional().describe('Only the last DURATION: 30m, 24h, 7d, 2w'),
    }),
    run: (hybrid, args) => {
      const ms = sinceMs(args.since);
      return hybrid.stats(ms === undefined ? {} : { sinceMs: ms });
    },
  },
  {
    name: 'session_events',
    title: 'Recent events',
    description:
      "The project's recorded events, newest first: Claude Code hook events (hook.PreToolUse, " +
      'hook.PostToolUse, ...), runs and workflow steps, filtered by type, session or run.',
    readOnly: true,
    input: (z) => ({
      limit: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe('At most this many (default 50)'),
      type: name(z, 'Only this event type, e.g. hook.PreToolUse').optional(),
      typePrefix: name(z, 'Only types starting with this, e.g. hook.').optional(),
      session: name(z, "Only this Claude Code session's events").optional(),
      run: name(z, "Only this run's events").optional(),
      since: z.string().max(32).optional().describe('Only the last DURATION: 30m, 24h, 7d'),
    }),
    run: async (hybrid, args) => {
      const ms = sinceMs(args.since);
      return {
        events: await hybrid.events.recent({
          ...present(args, ['limit', 'type', 'typePrefix', 'session', 'run']),
          ...(ms === undefined ? {} : { sinceMs: ms }),
        }),
      };
    },
  },
  {
    name: 'cache_stats',
    title: 'Response cache statistics',
    description:
      "The response cache's hits, misses, hit rate, entries, bytes, evictions and tampered " +
      'entries, across every process of this user.',
    readOnly: true,
    input: () => ({}),
    run: (hybrid) => hybrid.cache.stats(),
  },
];
