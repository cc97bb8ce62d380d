import { readFileSync } from 'node:fs';
import { isHybridError } from '../errors.js';
import { namedStoreError } from '../store/sqlite-errors.js';
import type { Hybrid, MemoryEntryView, WorkflowInfo } from '../library/types.js';
import { VERSION } from '../version.js';
import { mcpSdk } from './sdk.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { McpSdk } from './sdk.js';
import { recordMcpCall } from './mcp-call-record.js';
import { TOOLS } from './tools.js';
import type { ToolContext, ToolDefinition } from './tools.js';

type McpServer = McpSdk.McpServer;
type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

/** What the server tells a client about itself (MCP `instructions`). */
const INSTRUCTIONS =
  'Claude Hybrid: specialist agents, routing, durable multi-agent workflows and agent memory for ' +
  'this project. Search memory (memory_search) before a task and record what you learn ' +
  '(memory_add); route a task (agents_route) to see which specialist fits; run one ' +
  '(agent_run) or a whole workflow (workflow_run; the prompts list the workflows).';

/** An error as a tool result: the code, the one-line reason and how to fix it; never a crash. */
export function toolError(thrown: unknown): ToolResult {
  const error = namedStoreError(thrown);
  const text = isHybridError(error)
    ? `error[${error.code}]: ${error.message}${error.hint === undefined ? '' : `\nhint: ${error.hint}`}`
    : `error[internal]: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

/** Each tool's input schema, built once per process (every session registers the same). */
const inputSchemas = new Map<string, ReturnType<ToolDefinition['input']>>();

function inputSchema(tool: ToolDefinition): ReturnType<ToolDefinition['input']> {
  let schema = inputSchemas.get(tool.name);
  if (schema === undefined) {
    schema = tool.input(mcpSdk().z);
    inputSchemas.set(tool.name, schema);
  }
  return schema;
}

type Handler = (request: unknown, extra: unknown) => unknown;
/** The tools/list answer, the same for every session of this process. */
let toolList: unknown;

/**
 * The SDK turns every tool's zod schema into JSON Schema on each tools/list (about a millisecond
 * for ours), and the daemon opens a session per Claude Code session: the first answer is kept
 * and given to every later session. The SDK keeps its handlers in a private map; when it has
 * none there, nothing is cached and its own handler answers.
 */
function cacheToolList(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, Handler> })
    ._requestHandlers;
  const list = handlers?.get('tools/list');
  if (handlers === undefined || list === undefined) return;
  handlers.set('tools/list', (request, extra) => {
    toolList ??= Promise.resolve(list(request, extra)).catch((error: unknown) => {
      toolList = undefined; // not kept: the next session asks again
      throw error;
    });
    return toolList;
  });
}

function registerTool(server: McpServer, hybrid: Hybrid, tool: ToolDefinition): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: inputSchema(tool),
      annotations: { title: tool.title, readOnlyHint: tool.readOnly, openWorldHint: false },
    },
    async (args: Record<string, unknown>, extra): Promise<ToolResult> => {
      const token = extra._meta?.progressToken;
      /** Progress still being sent: the result goes out after it, never before. */
      let sent: Promise<unknown> = Promise.resolve();
      const context: ToolContext = {
        signal: extra.signal,
        progress: (progress, total, message) => {
          if (token === undefined) return;
          const notification = extra
            .sendNotification({
              method: 'notifications/progress',
              params: {
                progressToken: token,
                progress,
                ...(total === undefined ? {} : { total }),
                message,
              },
            })
            .catch(() => undefined); // a client that went away misses its progress, nothing more
          sent = Promise.all([sent, notification]);
        },
      };
      const started = performance.now();
      let failed = true;
      try {
        const result = (await tool.run(hybrid, args, context)) as Record<string, unknown>; // plain data
        await sent;
        failed = false;
        return {
          content: [{ type: 'text', text: JSON.stringify(result) }],
          structuredContent: result,
        };
      } catch (error) {
        return toolError(error);
      } finally {
        recordMcpCall(hybrid, tool.name, performance.now() - started, failed);
      }
    },
  );
}

function memoryMarkdown(agent: string, entries: readonly MemoryEntryView[]): string {
  const lines = [`# Memory: ${agent}`];
  let section = '';
  for (const entry of entries) {
    if (entry.section !== section) {
      section = entry.section;
      lines.push('', `## ${section}`);
    }
    lines.push(`- ${entry.date}: ${entry.content}`);
  }
  if (entries.length === 0) lines.push('', '(empty)');
  return `${lines.join('\n')}\n`;
}

function registerResources(server: McpServer, hybrid: Hybrid): void {
  const { ResourceTemplate } = mcpSdk();
  server.registerResource(
    'agent',
    new ResourceTemplate('agent://{name}', {
      list: async () => ({
        resources: (await hybrid.agents.list()).map((agent) => ({
          uri: `agent://${agent.name}`,
          name: agent.name,
          description: agent.description,
          mimeType: 'text/markdown',
        })),
      }),
    }),
    { title: 'Agents', description: 'Agent definition files', mimeType: 'text/markdown' },
    async (uri, variables) => {
      const wanted = String(variables.name);
      const agent = (await hybrid.agents.list()).find((entry) => entry.name === wanted);
      if (agent === undefined) throw new Error(`no agent named "${wanted}"; see agents_list`);
      return {
        contents: [
          { uri: uri.href, mimeType: 'text/markdown', text: readFileSync(agent.file, 'utf8') },
        ],
      };
    },
  );
  server.registerResource(
    'memory',
    new ResourceTemplate('memory://{agent}', {
      list: async () => {
        const agents = [...new Set((await hybrid.memory.list()).map((entry) => entry.agent))];
        return {
          resources: agents.map((agent) => ({
            uri: `memory://${agent}`,
            name: `${agent} memory`,
            mimeType: 'text/markdown',
          })),
        };
      },
    }),
    { title: 'Agent memory', description: "An agent's memory file", mimeType: 'text/markdown' },
    async (uri, variables) => {
      const agent = String(variables.agent);
      const entries = await hybrid.memory.list({ agent });
      return {
        contents: [
          { uri: uri.href, mimeType: 'text/markdown', text: memoryMarkdown(agent, entries) },
        ],
      };
    },
  );
}

function promptText(workflow: WorkflowInfo, args: Record<string, string | undefined>): string {
  const inputs = Object.fromEntries(
    workflow.inputs.flatMap((input) => {
      const value = args[input.name];
      return value === undefined || value === '' ? [] : [[input.name, value]];
    }),
  );
  return [
    `Run the claude-hybrid workflow "${workflow.name}" with the workflow_run tool`,
    `(workflow: "${workflow.name}", inputs: ${JSON.stringify(inputs)}).`,
    workflow.description === null ? '' : `What it does: ${workflow.description}`,
    'When it finishes, summarise each step and the total cost; if it stops, report its runId',
    'so it can be resumed.',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function registerPrompts(server: McpServer, workflows: readonly WorkflowInfo[]): void {
  const { z } = mcpSdk();
  for (const workflow of workflows) {
    if (workflow.problems.length > 0) continue; // a workflow that cannot run is no prompt
    const argsSchema: Record<string, McpSdk.z.ZodType<string | undefined>> = {};
    for (const input of workflow.inputs) {
      const field = z.string().describe(input.description ?? input.name);
      argsSchema[input.name] = input.required ? field : field.optional();
    }
    server.registerPrompt(
      workflow.name,
      {
        title: `Workflow: ${workflow.name}`,
        description: workflow.description ?? `The ${workflow.name} workflow`,
        argsSchema,
      },
      (args: Record<string, string | undefined>) => ({
        messages: [{ role: 'user', content: { type: 'text', text: promptText(workflow, args) } }],
      }),
    );
  }
}

/**
 * The SDK's server builds an Ajv instance (with every format) per server unless given a
 * validator, and uses it only to check what a client answers to an elicitation, which ours never
 * asks for. One instance, built on first use, serves every session of the process.
 */
let validator: McpSdk.AjvJsonSchemaValidator | undefined;
const lazyValidator: jsonSchemaValidator = {
  getValidator: (schema) => {
    validator ??= new (mcpSdk().AjvJsonSchemaValidator)();
    return validator.getValidator(schema);
  },
};

/**
 * The MCP server over one project's hybrid: the tools (src/mcp/tools.ts), agents and memories as
 * resources (`agent://NAME`, `memory://AGENT`) and each workflow as a prompt. The transport is
 * the caller's (stdio for `claude-hybrid mcp`).
 */
export async function createMcpServer(hybrid: Hybrid): Promise<McpServer> {
  const { McpServer } = mcpSdk();
  const server = new McpServer(
    { name: 'claude-hybrid', version: VERSION },
    { instructions: INSTRUCTIONS, jsonSchemaValidator: lazyValidator },
  );
  for (const tool of TOOLS) registerTool(server, hybrid, tool);
  cacheToolList(server);
  registerResources(server, hybrid);
  registerPrompts(server, await hybrid.workflows.available());
  return server;
}
