import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { waitFor } from './support/wait.js';

// The daemon's MCP endpoint (/mcp, streamable HTTP, token auth) with the official client, and
// `claude-hybrid mcp` as a thin relay to it while the daemon runs.
const start = fakeStarter();
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '1' },
  },
};
let project: ReturnType<typeof tempProject>;
let daemon: { port: number; token: string };
const clients: Client[] = [];

async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = project.env): Promise<string> {
  const result = await runBuilt(argv, { cwd: project.dir, env });
  expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function daemonFile(): string {
  return join(project.env.CLAUDE_HYBRID_HOME ?? '', 'daemon.json');
}

beforeEach(async () => {
  project = tempProject();
  await cli(['init']);
  await cli(['daemon', 'start', '--port', '0']);
  daemon = JSON.parse(readFileSync(daemonFile(), 'utf8')) as { port: number; token: string };
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  await runBuilt(['daemon', 'stop'], { cwd: project.dir, env: project.env });
  project.cleanup();
});

/** Restarts the daemon with a key and the fake Messages API's address (it makes the calls). */
async function restartDaemonFor(baseUrl: string): Promise<NodeJS.ProcessEnv> {
  await cli(['daemon', 'stop']);
  const env = { ...project.env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: baseUrl };
  await cli(['daemon', 'start', '--port', '0'], env);
  daemon = JSON.parse(readFileSync(daemonFile(), 'utf8')) as { port: number; token: string };
  return env;
}

/** Whether the project recorded a run that failed as aborted. */
async function abortedRunRecorded(): Promise<boolean> {
  const listed = JSON.parse(await cli(['events', 'list', '--type', 'run.failed', '--json'])) as {
    events: { payload: { error: string } }[];
  };
  return listed.events.some((event) => event.payload.error === 'run.aborted');
}

function endpoint(): URL {
  return new URL(`http://127.0.0.1:${daemon.port}/mcp`);
}

async function httpClient(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'mcp-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(endpoint(), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

async function stdioClient(
  env: NodeJS.ProcessEnv = {},
  provider = 'sim',
): Promise<{ client: Client; pid: number }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUILT_CLI, 'mcp', '--provider', provider],
    cwd: project.dir,
    env: { ...(project.env as Record<string, string>), ...(env as Record<string, string>) },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcp-relay-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, pid: transport.pid ?? 0 };
}

async function daemonStatus(): Promise<{ mcpSessions: number }> {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/status`, {
    headers: { authorization: `Bearer ${daemon.token}` },
  });
  return (await response.json()) as { mcpSessions: number };
}

function structured(result: Awaited<ReturnType<Client['callTool']>>): Record<string, unknown> {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as Record<string, unknown>; // every tool answers with it
}

describe('the daemon /mcp endpoint', () => {
  it('serves the tools over streamable HTTP to the official client, per project, with the token', async () => {
    const client = await httpClient({
      authorization: `Bearer ${daemon.token}`,
      'x-claude-hybrid-project': project.dir,
    });
    expect((await client.listTools()).tools).toHaveLength(11);
    structured(
      await client.callTool({ name: 'memory_add', arguments: { agent: 'qa', text: 'Use vitest' } }),
    );
    const found = structured(
      await client.callTool({ name: 'memory_search', arguments: { query: 'vitest' } }),
    );
    expect(found.hits).toMatchObject([{ agent: 'qa', content: 'Use vitest' }]);
    expect((await daemonStatus()).mcpSessions).toBe(1);
    await (client.transport as StreamableHTTPClientTransport).terminateSession();
    expect((await daemonStatus()).mcpSessions).toBe(0);
  });

  it('refuses a missing token, a missing project, a folder outside a project and an unknown session', async () => {
    const post = (headers: Record<string, string>, body: unknown): Promise<Response> =>
      fetch(endpoint(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(body),
      });

    const auth = { authorization: `Bearer ${daemon.token}` };
    expect((await post({}, INITIALIZE)).status).toBe(401);
    expect((await post(auth, INITIALIZE)).status).toBe(400);
    const outside = await post(
      { ...auth, 'x-claude-hybrid-project': project.env.HOME ?? '' },
      INITIALIZE,
    );
    expect(outside.status).toBe(404);
    expect(JSON.stringify(await outside.json())).toContain('claude-hybrid init');
    const lost = await post(
      { ...auth, 'mcp-session-id': 'nope' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    );
    expect(lost.status).toBe(404);
    expect((await post(auth, [])).status).toBe(400);
    const huge = await fetch(endpoint(), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(5 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    // Still serving.
    const client = await httpClient({ ...auth, 'x-claude-hybrid-project': project.dir });
    expect((await client.listTools()).tools).toHaveLength(11);
  });
});

describe('claude-hybrid mcp while the daemon runs', () => {
  it('relays to the daemon: one session there, freed when the client closes', async () => {
    const { client, pid } = await stdioClient();
    expect((await client.listTools()).tools).toHaveLength(11);
    const route = structured(
      await client.callTool({
        name: 'agents_route',
        arguments: { task: 'write unit tests for the date parser' },
      }),
    );
    expect(route.agent).toBe('qa');
    expect((await daemonStatus()).mcpSessions).toBe(1);
    // The relay never loaded the server: its process holds no MCP SDK chunk.
    const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    expect(maps).not.toContain('modelcontextprotocol');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    expect(rssKb).toBeGreaterThan(0);
    await client.close();
    await waitFor(async () => (await daemonStatus()).mcpSessions === 0, 5_000);
  });

  it('serves in its own process when the daemon does not answer', async () => {
    // daemon.json names a live process (this test's) on a port nobody listens on.
    const written = JSON.parse(readFileSync(daemonFile(), 'utf8')) as Record<string, unknown>;
    const stale = { ...written, pid: process.pid, port: 1 };
    await cli(['daemon', 'stop']);
    writeFileSync(daemonFile(), JSON.stringify(stale));
    const { client } = await stdioClient();
    expect((await client.listTools()).tools).toHaveLength(11);
    structured(
      await client.callTool({ name: 'memory_add', arguments: { agent: 'qa', text: 'Use vitest' } }),
    );
    await client.close();
  });

  it('relays progress and a cancellation to the daemon, which stops the run', async () => {
    const fake = await start({ latencyMs: 30_000 });
    try {
      const env = await restartDaemonFor(fake.baseUrl);
      const { client } = await stdioClient(env, 'anthropic');
      const controller = new AbortController();
      const progress: string[] = [];
      const pending = client.callTool(
        { name: 'agent_run', arguments: { task: 'write unit tests', cache: false } },
        undefined,
        { signal: controller.signal, onprogress: (event) => progress.push(event.message ?? '') },
      );
      await waitFor(() => (fake.stats.byPath['/v1/messages'] ?? 0) > 0, 10_000);
      await waitFor(() => progress.length > 0, 10_000); // "qa on …", relayed as it was sent
      controller.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      await waitFor(abortedRunRecorded, 10_000);
      // The session goes on.
      expect((await client.listTools()).tools).toHaveLength(11);
    } finally {
      await fake.close();
    }
  });

  it('cancels a call in the daemon when the relay is killed mid-call', async () => {
    const fake = await start({ latencyMs: 30_000 });
    try {
      const env = await restartDaemonFor(fake.baseUrl);
      const relay = spawn(process.execPath, [BUILT_CLI, 'mcp', '--provider', 'anthropic'], {
        cwd: project.dir,
        env,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      relay.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      const send = (message: object): void => {
        relay.stdin.write(`${JSON.stringify(message)}\n`);
      };
      send(INITIALIZE);
      await waitFor(() => out.includes('"id":1'), 10_000);
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'agent_run', arguments: { task: 'write unit tests', cache: false } },
      });
      await waitFor(() => (fake.stats.byPath['/v1/messages'] ?? 0) > 0, 10_000);
      relay.kill('SIGKILL');
      // The daemon saw the client go, aborted the run (recorded as failed), and freed nothing
      // it should keep: the session stays until its client ends it or it idles out.
      await waitFor(abortedRunRecorded, 10_000);
    } finally {
      await fake.close();
    }
  });
});
