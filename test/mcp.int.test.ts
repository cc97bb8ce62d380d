import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { waitFor } from './support/wait.js';

// The MCP server as Claude Code starts it (`claude-hybrid mcp`, stdio), driven by the official
// MCP client, in an initialised temporary project.
const start = fakeStarter();
const TOOLS = [
  'agent_run',
  'agents_list',
  'agents_route',
  'cache_stats',
  'memory_add',
  'memory_list',
  'memory_search',
  'session_events',
  'stats_summary',
  'workflow_run',
  'workflow_status',
];

let project: ReturnType<typeof tempProject>;
const clients: Client[] = [];
beforeEach(async () => {
  project = tempProject();
  expect((await runBuilt(['init'], { cwd: project.dir, env: project.env })).code).toBe(0);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  project.cleanup();
});

async function connect(
  args: readonly string[] = ['--provider', 'sim'],
  env: NodeJS.ProcessEnv = {},
): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUILT_CLI, 'mcp', ...args],
    cwd: project.dir,
    env: { ...(project.env as Record<string, string>), ...(env as Record<string, string>) },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

type Structured = Record<string, unknown>;

async function call(client: Client, name: string, args: Structured = {}): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as Structured; // every tool answers with structured content
}

async function toolError(client: Client, name: string, args: unknown): Promise<string> {
  const result = await client.callTool({ name, arguments: args as Structured });
  expect(result.isError).toBe(true);
  return (result.content as { text: string }[])[0]?.text ?? '';
}

describe('claude-hybrid mcp (stdio)', () => {
  it('lists its tools, each with an input schema and a description', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description?.length ?? 0).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    const search = tools.find((tool) => tool.name === 'memory_search');
    expect(search?.inputSchema.required).toEqual(['query']);
    expect(search?.annotations?.readOnlyHint).toBe(true);
  });

  it('adds, searches and lists memory, routes, runs an agent and sums the run', async () => {
    const { client } = await connect();
    expect(await call(client, 'memory_add', { agent: 'qa', text: 'Use vitest, not jest' })).toEqual(
      { status: 'added', reason: null },
    );
    const found = await call(client, 'memory_search', { query: 'vitest' });
    expect(found.hits).toMatchObject([{ agent: 'qa', content: 'Use vitest, not jest' }]);
    expect((await call(client, 'memory_list', { agent: 'qa' })).entries).toHaveLength(1);
    const agents = (await call(client, 'agents_list')).agents as { name: string }[];
    expect(agents.map((agent) => agent.name)).toContain('qa');
    const route = await call(client, 'agents_route', {
      task: 'write unit tests for the date parser',
    });
    expect(route).toMatchObject({ agent: 'qa', via: 'index' });
    const progress: number[] = [];
    const run = await client.callTool(
      { name: 'agent_run', arguments: { task: 'write unit tests for the date parser' } },
      undefined,
      { onprogress: (event) => progress.push(event.progress) },
    );
    expect(run.structuredContent).toMatchObject({ agent: 'qa', provider: 'sim', cached: false });
    expect(progress.length).toBeGreaterThan(0);
    const stats = await call(client, 'stats_summary', { since: '1h' });
    expect(stats).toMatchObject({ runs: 1, completed: 1 });
    const events = (await call(client, 'session_events', { type: 'run.completed' })).events;
    expect(events).toMatchObject([{ type: 'run.completed', source: 'library' }]);
    expect((events as { at: unknown }[])[0]?.at).toMatch(/Z$/);
    expect(await call(client, 'cache_stats')).toHaveProperty('hitRate');
  });

  it('runs a workflow with inputs, reporting progress per step, and reads its status', async () => {
    const { client, transport } = await connect();
    // Counted as they arrive: the SDK client hands a notification to onprogress a microtask
    // later, so one read with the last progress and the result can drop that progress there.
    const progress: string[] = [];
    const deliver = transport.onmessage;
    transport.onmessage = (message) => {
      if ('method' in message && message.method === 'notifications/progress')
        progress.push(JSON.stringify(message.params?.message));
      deliver?.(message);
    };
    const result = await client.callTool(
      {
        name: 'workflow_run',
        arguments: { workflow: 'code-review', inputs: { change: 'PR #42' } },
      },
      undefined,
      { onprogress: () => undefined },
    );
    const run = result.structuredContent as { runId: string; status: string; steps: unknown[] };
    expect(run.status).toBe('succeeded');
    expect(progress).toHaveLength(run.steps.length);
    expect(await call(client, 'workflow_status', { runId: run.runId })).toEqual(run);
    expect(
      await toolError(client, 'workflow_run', { workflow: 'code-review', inputs: {} }),
    ).toContain('error[workflow.');
  });

  it('serves agents and memories as resources and each workflow as a prompt', async () => {
    const { client } = await connect();
    await call(client, 'memory_add', { agent: 'project', text: 'Invoices use ULIDs' });
    const { resources } = await client.listResources();
    const uris = resources.map((resource) => resource.uri);
    expect(uris).toContain('agent://qa');
    expect(uris).toContain('memory://project');
    const agent = await client.readResource({ uri: 'agent://qa' });
    expect((agent.contents[0] as { text: string }).text).toMatch(/^---\nname: qa/m);
    const memory = await client.readResource({ uri: 'memory://project' });
    expect((memory.contents[0] as { text: string }).text).toContain('Invoices use ULIDs');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual([
      'code-review',
      'feature-delivery',
      'incident-triage',
    ]);
    const prompt = await client.getPrompt({ name: 'code-review', arguments: { change: 'PR #7' } });
    const text = (prompt.messages[0]?.content as { text: string }).text;
    expect(text).toContain('workflow_run');
    expect(text).toContain('"change":"PR #7"');
  });

  it('answers bad arguments, unknown tools and oversized arguments with tool errors', async () => {
    const { client } = await connect();
    expect(await toolError(client, 'memory_search', { query: 42 })).toMatch(/validation/i);
    expect(await toolError(client, 'memory_search', {})).toMatch(/query/);
    expect(await toolError(client, 'nope', {})).toMatch(/not found/);
    expect(await toolError(client, 'memory_add', { agent: 'qaa', text: 'x' })).toContain(
      'error[memory.unknown_agent]',
    );
    expect(await toolError(client, 'stats_summary', { since: 'yesterday' })).toContain(
      'error[engine.invalid_options]',
    );
    const huge = 'x'.repeat(1_100_000);
    expect(await toolError(client, 'agents_route', { task: huge })).toMatch(/too_big|1000000/);
    // Still serving.
    expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
  });

  it('answers garbage and a message over 4 MiB on the wire, and keeps serving', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'mcp', '--provider', 'sim'], {
      cwd: project.dir,
      env: project.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.write('not json\n');
    child.stdin.write('[1,2]\n');
    child.stdin.write(
      `{"jsonrpc":"2.0","id":9,"method":"ping","params":{"x":"${'y'.repeat(5 * 1024 * 1024)}"}}\n`,
    );
    child.stdin.write('{"jsonrpc":"2.0","id":10,"method":"ping"}\n');
    await waitFor(() => stdout.includes('"id":10'), 10_000);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Structured);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.any(String) as string } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.any(String) as string } },
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: expect.stringContaining('over') as string },
      },
      { jsonrpc: '2.0', id: 10, result: {} },
    ]);
    // Closing its input ends the server by itself: nothing (timers, handles, children) keeps it.
    child.stdin.end();
    expect(await exited).toBe(0);
  });

  it('stops a long agent run when the client cancels, and exits when the client goes away', async () => {
    const fake = await start({ latencyMs: 30_000 });
    try {
      const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
      const { client, transport } = await connect(['--provider', 'anthropic'], env);
      const controller = new AbortController();
      const pending = client.callTool(
        { name: 'agent_run', arguments: { task: 'write unit tests', cache: false } },
        undefined,
        { signal: controller.signal },
      );
      await waitFor(() => messages(fake) > 0, 10_000);
      controller.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      // The server is still there, and the run is recorded as aborted, not as done.
      await waitFor(async () => {
        const failed = (await call(client, 'session_events', { type: 'run.failed' })).events;
        return (failed as unknown[]).length === 1;
      }, 10_000);
      const pid = transport.pid;
      expect(pid).not.toBeNull();
      // A second long call, then the client disappears: the server exits on its own.
      void client
        .callTool({ name: 'agent_run', arguments: { task: 'another', cache: false } })
        .catch(() => undefined);
      await waitFor(() => messages(fake) > 1, 10_000);
      await client.close();
      await waitFor(() => !alive(pid ?? 0), 10_000);
    } finally {
      await fake.close();
    }
  });

  it('leaves no child process behind when a claude-code run is cancelled', async () => {
    // A stand-in for claude that records its pid and never answers.
    const fake = join(project.dir, 'slow-claude.cjs');
    const pidFile = join(project.dir, 'claude.pid');
    writeFileSync(
      fake,
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\n`,
    );
    chmodSync(fake, 0o755);
    const { client } = await connect(['--provider', 'claude-code'], { CLAUDE_HYBRID_CLAUDE: fake });
    const controller = new AbortController();
    const pending = client.callTool(
      { name: 'agent_run', arguments: { task: 'write unit tests', cache: false } },
      undefined,
      { signal: controller.signal },
    );
    // The file can be seen created and still empty: wait for the number.
    const pidOf = (): number => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0);
    await waitFor(() => pidOf() > 0, 10_000);
    const pid = pidOf();
    expect(alive(pid)).toBe(true);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await waitFor(() => !alive(pid), 10_000);
  });

  it('installs itself into .mcp.json and ~/.claude.json, keeping other entries, and reports status', async () => {
    const mcpJson = join(project.dir, '.mcp.json');
    writeFileSync(mcpJson, '{\n    "mcpServers": {\n        "other": {"command": "x"}\n    }\n}\n');
    const installed = await runBuilt(['mcp', 'install', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(installed.code, installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ scope: 'project', changed: true });
    const written = JSON.parse(readFileSync(mcpJson, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[] }>;
    };
    expect(written.mcpServers.other).toEqual({ command: 'x' });
    expect(written.mcpServers['claude-hybrid']?.args).toEqual([BUILT_CLI, 'mcp']);
    expect(readFileSync(mcpJson, 'utf8')).toContain('\n    "mcpServers"'); // its indentation kept
    const again = await runBuilt(['mcp', 'install', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false });
    const user = await runBuilt(['mcp', 'install', '--scope', 'user'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(user.code, user.stderr).toBe(0);
    expect(readFileSync(join(project.env.HOME ?? '', '.claude.json'), 'utf8')).toContain(
      'claude-hybrid',
    );
    const status = await runBuilt(['mcp', 'status', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(status.code, status.stderr).toBe(0);
    const reported = JSON.parse(status.stdout) as {
      registered: boolean;
      reachable: boolean;
      reach: { tools: string[] };
    };
    expect(reported).toMatchObject({ registered: true, reachable: true });
    expect([...reported.reach.tools].sort()).toEqual(TOOLS);
    const removed = await runBuilt(['mcp', 'uninstall'], { cwd: project.dir, env: project.env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(readFileSync(mcpJson, 'utf8'))).toEqual({
      mcpServers: { other: { command: 'x' } },
    });
    // A file that is not JSON is refused and left as it was.
    writeFileSync(mcpJson, '{ not json');
    const refused = await runBuilt(['mcp', 'install'], { cwd: project.dir, env: project.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[mcp.unparseable_config]');
    expect(readFileSync(mcpJson, 'utf8')).toBe('{ not json');
  });

  it('refuses to serve outside an initialised project, with a named error', async () => {
    const outside = await runBuilt(['mcp'], { cwd: project.env.HOME ?? '', env: project.env });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('error[store.not_initialized]');
  });
});

/** Requests the fake Messages API has received on /v1/messages. */
function messages(fake: { readonly stats: { readonly byPath: Record<string, number> } }): number {
  return fake.stats.byPath['/v1/messages'] ?? 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
