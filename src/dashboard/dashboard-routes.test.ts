import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { waitFor } from '../../test/support/wait.js';
import { startDaemonServer } from '../daemon/server.js';
import type { DaemonServer } from '../daemon/server.js';
import { openStore } from '../store/index.js';
import type { EventRow } from './api-types.js';

const TOKEN = 'test-token-dashboard';
const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';
let temp: { dir: string; cleanup: () => void };
let home: string;
let project: string;
let daemon: DaemonServer;
let clock: number;

beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-dashboard-');
  home = join(temp.dir, 'home');
  project = join(temp.dir, 'project');
  const assets = join(temp.dir, 'assets');
  mkdirSync(join(project, '.claude-hybrid'), { recursive: true });
  mkdirSync(home);
  mkdirSync(assets);
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(assets, 'app.js'), 'console.log("app")');
  writeFileSync(join(temp.dir, 'secret.json'), '{"secret":true}');
  openStore({ path: join(project, '.claude-hybrid', 'state.db') }).close();
  clock = 1_700_000_000_000;
  daemon = await startDaemonServer({
    hybridHome: home,
    token: TOKEN,
    port: 0,
    version: 'test',
    dashboardDir: assets,
    now: () => clock,
    log: () => undefined,
  });
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

const url = (path: string) => `http://127.0.0.1:${daemon.port}${path}`;
const bearer = { authorization: `Bearer ${TOKEN}` };

const hook = async (event: string, fields: Record<string, unknown> = {}) => {
  const response = await fetch(url(`/hooks/${event}`), {
    method: 'POST',
    headers: bearer,
    body: JSON.stringify({ session_id: 'S1', cwd: project, ...fields }),
  });
  expect(response.status).toBe(200);
};

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- each test names the answer shape it reads
const api = async <Body = unknown>(
  path: string,
  headers: Record<string, string> = bearer,
): Promise<{ status: number; body: Body }> => {
  const response = await fetch(url(path), { headers });
  return { status: response.status, body: (await response.json()) as Body }; // the route's answer shape
};

const withProject = (path: string, extra = '') =>
  `${path}?project=${encodeURIComponent(project)}${extra}`;

/** A one-time link from the daemon, redeemed: the cookie it set. */
async function signIn(): Promise<string> {
  const link = await fetch(url('/dashboard/link'), { method: 'POST', headers: bearer });
  const { url: loginUrl } = (await link.json()) as { url: string };
  const login = await fetch(loginUrl, { redirect: 'manual' });
  expect(login.status).toBe(303);
  const cookie = login.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

describe('sign-in', () => {
  it('answers / with 401 and the way in, without the cookie', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('claude-hybrid dashboard');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('trades a one-time link for an HttpOnly SameSite=Strict cookie that opens the page', async () => {
    const link = await fetch(url('/dashboard/link'), { method: 'POST', headers: bearer });
    const { url: loginUrl } = (await link.json()) as { url: string };
    expect(loginUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${daemon.port}/login\\?code=`));
    expect(loginUrl).not.toContain(TOKEN);
    const login = await fetch(loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/#/live');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`claude_hybrid_${daemon.port}=${TOKEN}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await fetch(url('/'), { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>dashboard</title>');
    // Used once: the same link opens nothing now.
    const again = await fetch(loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a link after five minutes, and a link asked for without the token', async () => {
    const link = await fetch(url('/dashboard/link'), { method: 'POST', headers: bearer });
    const { url: loginUrl } = (await link.json()) as { url: string };
    clock += 5 * 60_000 + 1;
    expect((await fetch(loginUrl, { redirect: 'manual' })).status).toBe(401);
    const anonymous = await fetch(url('/dashboard/link'), { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const forged = await fetch(url('/login?code=guessed'), { redirect: 'manual' });
    expect(forged.status).toBe(401);
  });

  it('refuses data routes and /metrics with a wrong token or another port’s cookie', async () => {
    await hook('SessionStart');
    expect((await api('/api/projects', {})).status).toBe(401);
    expect((await api('/api/projects', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(
      (await api('/api/projects', { cookie: `claude_hybrid_${daemon.port}=wrong` })).status,
    ).toBe(401);
    expect((await api('/api/projects', { cookie: `claude_hybrid_1=${TOKEN}` })).status).toBe(401);
    expect((await fetch(url('/metrics'))).status).toBe(401);
    const cookie = await signIn();
    expect((await api('/api/projects', { cookie })).status).toBe(200);
    expect((await fetch(url('/metrics'), { headers: { cookie } })).status).toBe(200);
  });
});

describe('static files', () => {
  it('serves the built files, gzipped when asked, and nothing outside them', async () => {
    const app = await fetch(url('/assets/app.js'));
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toContain('text/javascript');
    expect(await app.text()).toBe('console.log("app")');
    for (const path of [
      '/assets/../secret.json',
      '/assets/..%2fsecret.json',
      '/assets/%2e%2e%2fsecret.json',
      '/assets/%2e%2e/%2e%2e/home/daemon.json',
      '/assets/..\\secret.json',
      '/assets/',
      '/assets/nope.js',
    ]) {
      const response = await fetch(url(path));
      expect([404, 401]).toContain(response.status);
      expect(await response.text()).not.toContain('"secret":true');
    }
  });

  it('refuses a WebSocket upgrade', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request({
        host: '127.0.0.1',
        port: daemon.port,
        path: '/api/live',
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          ...bearer,
        },
      });
      outgoing.on('response', (response) => {
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('upgrade', () => {
        reject(new Error('upgraded'));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(status).toBe(400);
  });
});

describe('data', () => {
  it('lists events newest first with their text and agent, payload HTML kept as text', async () => {
    await hook('UserPromptSubmit', { prompt: XSS });
    await hook('PreToolUse', {
      tool_name: 'Bash',
      tool_use_id: 'T1',
      tool_input: { command: 'npm test' },
    });
    await hook('SubagentStart', { agent_id: 'A1', agent_type: 'qa' });
    const { body } = await api<{ events: EventRow[]; nextBeforeId: number | null }>(
      withProject('/api/events'),
    );
    const rows = body.events.map((row) => [row.type, row.text, row.agent]);
    expect(rows).toContainEqual(['hook.UserPromptSubmit', XSS, null]);
    expect(rows).toContainEqual(['hook.PreToolUse', 'Bash: npm test', null]);
    expect(rows).toContainEqual(['hook.SubagentStart', 'qa', 'qa']);
    expect(body.events.map((row) => row.id)).toEqual(
      [...body.events.map((row) => row.id)].sort((left, right) => right - left),
    );
    const paged = await api<{ events: EventRow[]; nextBeforeId: number | null }>(
      withProject('/api/events', '&limit=1'),
    );
    expect(paged.body.events).toHaveLength(1);
    const next = await api<{ events: EventRow[] }>(
      withProject('/api/events', `&limit=1&beforeId=${paged.body.nextBeforeId ?? 0}`),
    );
    expect(next.body.events[0]?.id).toBeLessThan(paged.body.events[0]?.id ?? 0);
    const byAgent = await api<{ events: EventRow[] }>(withProject('/api/events', '&agent=qa'));
    expect(byAgent.body.events.map((row) => row.type)).toEqual([
      'agent.started',
      'hook.SubagentStart',
    ]);
  });

  it('refuses bad parameters with 400 and unknown projects with 404', async () => {
    await hook('SessionStart');
    expect((await api(withProject('/api/events', '&limit=abc'))).status).toBe(400);
    expect((await api(withProject('/api/events', '&limit=100000'))).status).toBe(400);
    expect((await api(withProject('/api/cost', '&bucketMs=5'))).status).toBe(400);
    expect((await api('/api/events')).status).toBe(400);
    expect((await api('/api/events?project=%2Fnowhere')).status).toBe(404);
    expect((await api('/api/nothing')).status).toBe(404);
  });

  it('pairs tool calls, builds the delegation tree and counts the subagent’s tools', async () => {
    const transcript = join(temp.dir, 'session.jsonl');
    const usage = { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1_000 };
    writeFileSync(
      transcript,
      `${JSON.stringify({ type: 'assistant', message: { id: 'm1', model: 'claude-sonnet-5-5', usage } })}\n`,
    );
    await hook('UserPromptSubmit', { prompt: 'test the parser', transcript_path: transcript });
    await hook('PreToolUse', {
      tool_name: 'Agent',
      tool_use_id: 'AG1',
      tool_input: { subagent_type: 'qa', description: 'write tests' },
    });
    await hook('SubagentStart', { agent_id: 'A1', agent_type: 'qa' });
    clock += 40;
    await hook('PreToolUse', {
      tool_name: 'Bash',
      tool_use_id: 'T1',
      tool_input: { command: 'npm test' },
    });
    clock += 250;
    await hook('PostToolUseFailure', { tool_name: 'Bash', tool_use_id: 'T1' });
    await hook('SubagentStop', {
      agent_id: 'A1',
      agent_type: 'qa',
      last_assistant_message: 'done',
    });
    await hook('PostToolUse', { tool_name: 'Agent', tool_use_id: 'AG1' });
    const tools = await api<{
      tools: { name: string; calls: number; failures: number; latency: { max: number | null } }[];
      slowest: { toolUseId: string; durationMs: number; detail: string }[];
      failures: { toolUseId: string }[];
    }>(withProject('/api/tools'));
    expect(tools.body.tools.find((tool) => tool.name === 'Bash')).toMatchObject({
      calls: 1,
      failures: 1,
    });
    expect(tools.body.slowest[0]).toMatchObject({ toolUseId: 'AG1' });
    expect(tools.body.slowest).toContainEqual(
      expect.objectContaining({ toolUseId: 'T1', durationMs: 250, detail: 'npm test' }),
    );
    expect(tools.body.failures.map((call) => call.toolUseId)).toEqual(['T1']);
    const agents = await api<{ sessions: { session: string; delegations: unknown[] }[] }>(
      withProject('/api/agents'),
    );
    expect(agents.body.sessions).toEqual([
      expect.objectContaining({
        session: 'S1',
        delegations: [
          expect.objectContaining({
            toolUseId: 'AG1',
            agent: 'qa',
            description: 'write tests',
            outcome: 'completed',
            durationMs: 290,
            tools: [{ name: 'Bash', calls: 1, failures: 1 }],
          }),
        ],
      }),
    ]);
    const sessions = await api<{ sessions: Record<string, unknown>[] }>(
      withProject('/api/sessions'),
    );
    expect(sessions.body.sessions[0]).toMatchObject({
      session: 'S1',
      prompts: 1,
      toolCalls: 2,
      delegations: 1,
      ended: false,
      model: 'claude-sonnet-5-5',
      contextTokens: 1_100,
      inputTokens: 100,
      outputTokens: 50,
      cacheReadTokens: 1_000,
    });
    expect(sessions.body.sessions[0]?.costUsd).toBeGreaterThan(0);
  });

  it('sums the calls other processes record into cost, runs and /metrics', async () => {
    await hook('SessionStart'); // the daemon now knows the project
    const store = openStore({ path: join(project, '.claude-hybrid', 'state.db') });
    const call = (run: string, agent: string, model: string, costUsd: number, ts: number) => ({
      ts,
      type: 'run.completed',
      source: 'cli',
      run,
      payload: {
        runId: run,
        agent,
        model,
        provider: 'anthropic',
        simulated: false,
        cached: false,
        inputTokens: 100,
        outputTokens: 20,
        cacheWriteTokens: 5,
        cacheReadTokens: 7,
        costUsd,
        durationMs: 900,
        attempts: 2,
        waitedMs: 250,
      },
    });
    store.events.appendBatch([
      call('R1', 'qa', 'claude-haiku-4-5', 0.0012, clock),
      call('R2', 'engineer', 'claude-sonnet-4-5', 0.034, clock + 3_600_000),
    ]);
    store.close();
    type Cost = {
      totals: { calls: number; costUsd: number; cacheReadTokens: number };
      buckets: number[];
    };
    await waitFor(async () => (await api<Cost>(withProject('/api/cost'))).body.totals.calls === 2);
    const cost = await api<Cost & { byModel: Record<string, { costUsd: number[] }> }>(
      withProject('/api/cost'),
    );
    expect(cost.body.totals).toMatchObject({ calls: 2, costUsd: 0.0352, cacheReadTokens: 14 });
    expect(cost.body.buckets).toHaveLength(2);
    expect(cost.body.byModel['claude-sonnet-4-5']?.costUsd).toEqual([0, 0.034]);
    const runs = await api<{ runs: { runId: string; status: string; costUsd: number }[] }>(
      withProject('/api/runs'),
    );
    expect(runs.body.runs.map((run) => [run.runId, run.status, run.costUsd])).toEqual([
      ['R2', 'succeeded', 0.034],
      ['R1', 'succeeded', 0.0012],
    ]);
    const performance = await api<{
      modelCalls: { count: number };
      retries: Record<string, number>;
      waits: { count: number; max: number | null };
      hooks: { count: number };
    }>(withProject('/api/performance'));
    expect(performance.body.modelCalls.count).toBe(2);
    expect(performance.body.retries).toEqual({
      retriedCalls: 2,
      extraAttempts: 2,
      waitedCalls: 2,
      waitedMs: 500,
    });
    expect(performance.body.waits).toMatchObject({ count: 2, max: 250 });
    expect(performance.body.hooks.count).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(url('/metrics'), { headers: bearer })).text();
    const label = `project="${project}"`;
    expect(metrics).toContain(
      `claude_hybrid_project_events_total{${label},type="run.completed"} 2`,
    );
    expect(metrics).toContain(
      `claude_hybrid_project_cost_usd_total{${label},model="claude-sonnet-4-5"} 0.034`,
    );
    expect(metrics).toContain('# TYPE claude_hybrid_hook_duration_ms histogram');
    // Each metric is declared once: a scraper refuses a name that appears twice.
    const types = metrics.split('\n').filter((line) => line.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
  });
});
