import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { EVENT_VERSIONS } from '../events/index.js';
import type { EventType } from '../events/index.js';
import { openStore } from '../store/index.js';
import { compilePolicy } from './policy.js';
import { startDaemonServer } from './server.js';
import type { DaemonServer } from './server.js';

const TOKEN = 'test-token-123';
let temp: { dir: string; cleanup: () => void };
let project: string;
let daemon: DaemonServer;
let now: number;
let logged: string[];

beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-daemon-');
  project = join(temp.dir, 'project');
  mkdirSync(join(project, '.claude-hybrid'), { recursive: true });
  openStore({ path: join(project, '.claude-hybrid', 'state.db') }).close();
  now = 1_000_000;
  logged = [];
  daemon = await startDaemonServer({
    log: (line) => logged.push(line),
    hybridHome: join(temp.dir, 'home'),
    token: TOKEN,
    port: 0,
    version: 'test',
    now: () => now,
    policyFor: () => compilePolicy(['rm -rf /', 'git push (-f|--force)']),
  });
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

async function hook(
  event: string,
  body: unknown,
  token = TOKEN,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function events(): {
  type: string;
  version: number;
  session: string | null;
  payload: Record<string, unknown>;
}[] {
  const store = openStore({ path: join(project, '.claude-hybrid', 'state.db') });
  try {
    return store.events.list({ order: 'asc', limit: 1000 }).map((record) => ({
      type: record.type,
      version: record.version,
      session: record.session,
      payload: record.payload as Record<string, unknown>,
    }));
  } finally {
    store.close();
  }
}

function versionOf(type: string): number | undefined {
  return Object.hasOwn(EVENT_VERSIONS, type)
    ? EVENT_VERSIONS[type as EventType] // just checked that it is a key
    : undefined;
}

const base = (extra: Record<string, unknown> = {}) => ({
  session_id: 'S1',
  cwd: join(project, 'src'),
  ...extra,
});

describe('the daemon', () => {
  it('records every event in the project of its cwd, and pairs tool calls with their duration', async () => {
    expect((await hook('SessionStart', base({ source: 'startup' }))).status).toBe(200);
    await hook(
      'PreToolUse',
      base({ tool_name: 'Bash', tool_use_id: 'T1', tool_input: { command: 'ls' } }),
    );
    now += 250;
    await hook(
      'PostToolUseFailure',
      base({ tool_name: 'Bash', tool_use_id: 'T1', error: 'exit 1' }),
    );
    const recorded = events();
    expect(recorded.map((event) => event.type)).toEqual([
      'hook.SessionStart',
      'hook.PreToolUse',
      'hook.PostToolUseFailure',
      'tool.completed',
    ]);
    expect(recorded.every((event) => event.session === 'S1')).toBe(true);
    // Stamped from EVENT_VERSIONS: the daemon's events are typed and versioned like the bus's.
    expect(recorded.map((event) => [event.type, event.version])).toEqual(
      recorded.map((event) => [event.type, versionOf(event.type)]),
    );
    expect(recorded[3]?.payload).toEqual({
      toolUseId: 'T1',
      toolName: 'Bash',
      durationMs: 250,
      failed: true,
    });
    const status = await fetch(`http://127.0.0.1:${daemon.port}/status`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await status.json()).toMatchObject({
      events: 3,
      projects: [{ root: project, events: 3 }],
    });
  });

  it('records delegations and captures what a subagent asks to remember', async () => {
    await hook(
      'PreToolUse',
      base({
        tool_name: 'Agent',
        tool_use_id: 'T2',
        tool_input: { subagent_type: 'qa', description: 'write tests' },
      }),
    );
    await hook('SubagentStart', base({ agent_id: 'A1', agent_type: 'qa' }));
    now += 1_000;
    await hook(
      'SubagentStop',
      base({
        agent_id: 'A1',
        agent_type: 'qa',
        last_assistant_message:
          'Done.\n# Remember:\nType: gotcha\nContent: Snapshot tests need TZ=UTC',
      }),
    );
    const recorded = events();
    expect(recorded.find((event) => event.type === 'agent.delegated')?.payload).toEqual({
      toolUseId: 'T2',
      subagentType: 'qa',
      description: 'write tests',
    });
    expect(recorded.find((event) => event.type === 'agent.completed')?.payload).toEqual({
      agentId: 'A1',
      agentType: 'qa',
      durationMs: 1_000,
      remembered: 1,
    });
    expect(readFileSync(join(project, '.claude-hybrid', 'memories', 'qa.md'), 'utf8')).toContain(
      'Snapshot tests need TZ=UTC',
    );
  });

  it('denies a Bash command the policy forbids, with the reason, and lets others through', async () => {
    const denied = await hook(
      'PreToolUse',
      base({
        tool_name: 'Bash',
        tool_use_id: 'T3',
        tool_input: { command: 'git push --force origin main' },
      }),
    );
    expect(denied).toEqual({
      status: 200,
      body: {
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: 'deny',
          permissionDecisionReason:
            'claude-hybrid policy: the command matches a denied pattern (pattern git push (-f|--force))',
        },
      },
    });
    expect(
      (
        await hook(
          'PreToolUse',
          base({ tool_name: 'Bash', tool_use_id: 'T4', tool_input: { command: 'git push' } }),
        )
      ).body,
    ).toEqual({});
  });

  it('answers bad requests with a 4xx and a reason, and stays up', async () => {
    expect(await hook('PreToolUse', '{"session_id": ')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/not JSON/) as unknown },
    });
    expect(await hook('Bogus', base())).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/unknown hook event "Bogus"/) as unknown },
    });
    expect(await hook('Stop', { cwd: project })).toMatchObject({
      status: 400,
      body: { error: 'missing field "session_id" (a non-empty string)' },
    });
    expect((await hook('Stop', base(), 'wrong-token')).status).toBe(401);
    expect((await hook('Stop', base(), '')).status).toBe(401);
    const huge = await hook('Stop', base({ padding: 'x'.repeat(10 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    const health = await fetch(`http://127.0.0.1:${daemon.port}/health`);
    expect(health.status).toBe(200);
    expect(events()).toEqual([]);
    // Each is noted in the log, one line with the status and the reason, never the token.
    expect(logged).toHaveLength(6);
    expect(logged[0]).toMatch(/ POST \/hooks\/PreToolUse 400: the body is not JSON/);
    expect(logged.filter((line) => / 401: /.test(line))).toHaveLength(2);
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('cuts long strings in recorded payloads, and records events outside a project in the user store', async () => {
    await hook(
      'PostToolUse',
      base({ tool_name: 'Read', tool_use_id: 'T5', tool_response: 'y'.repeat(100_000) }),
    );
    const payload = events()[0]?.payload as { tool_response: string };
    expect(payload.tool_response.length).toBeLessThan(17_000);
    expect(payload.tool_response).toMatch(/… \[83616 more characters\]$/);
    const outside = join(temp.dir, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(join(outside, 'x'), '');
    expect((await hook('Stop', { session_id: 'S9', cwd: outside })).status).toBe(200);
    const user = openStore({ path: join(temp.dir, 'home', 'daemon.db') });
    try {
      expect(user.events.list({}).map((record) => record.type)).toEqual(['hook.Stop']);
    } finally {
      user.close();
    }
  });

  it('meters context from the transcript and warns once per threshold through additionalContext', async () => {
    const transcript = join(temp.dir, 'session.jsonl');
    const usage = (tokens: number): string =>
      `${JSON.stringify({ type: 'assistant', message: { model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: tokens - 10, output_tokens: 5 } } })}\n`;
    writeFileSync(transcript, `{"type":"user"}\n${usage(100_000)}`);
    const post = () =>
      hook(
        'PostToolUse',
        base({ tool_name: 'Bash', tool_use_id: 'T9', transcript_path: transcript }),
      );
    expect((await post()).body).toEqual({});
    writeFileSync(transcript, `${usage(100_000)}${usage(150_000)}`);
    expect((await post()).body).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PostToolUse',
        additionalContext:
          "Context is at 75% of claude-haiku-4-5-20251001's 200000-token window (150000 tokens). Delegate remaining work to subagents, or compact soon.",
      },
    });
    expect((await post()).body).toEqual({});
    writeFileSync(transcript, usage(192_000));
    const both = (
      await hook('UserPromptSubmit', base({ prompt: 'go on', transcript_path: transcript }))
    ).body as { hookSpecificOutput: { additionalContext: string } };
    expect(both.hookSpecificOutput.additionalContext).toMatch(/^Context is at 96%/);
    expect(
      events()
        .filter((event) => event.type === 'context.threshold')
        .map((event) => event.payload['threshold']),
    ).toEqual([0.7, 0.95]);
  });

  it('never turns a hostile agent_type into a file path', async () => {
    const outcome = await hook(
      'SubagentStop',
      base({
        agent_id: 'A9',
        agent_type: '../../escaped',
        last_assistant_message:
          '# Remember:\nType: gotcha\nContent: should not be written anywhere',
      }),
    );
    expect(outcome.status).toBe(200);
    expect(existsSync(join(project, '.claude-hybrid', 'escaped.md'))).toBe(false);
    expect(existsSync(join(temp.dir, 'escaped.md'))).toBe(false);
    expect(events().find((event) => event.type === 'agent.completed')?.payload['remembered']).toBe(
      0,
    );
  });
});

/** A request with headers fetch() will not send (Host), answered as status and body. */
function send(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      { host: '127.0.0.1', port: daemon.port, path, method, headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    call.on('error', reject);
    call.end(method === 'POST' ? JSON.stringify({ session_id: 'S', cwd: project }) : undefined);
  });
}

describe('Host and Origin (DNS rebinding, cross-site requests)', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('serves loopback names only: 421 for any other Host, even with the token', async () => {
    for (const host of [
      '127.0.0.1',
      `127.0.0.1:${daemon.port}`,
      `localhost:${daemon.port}`,
      `[::1]:${daemon.port}`,
    ])
      expect((await send('/status', { ...auth, host })).status).toBe(200);
    for (const host of [
      'evil.example.com',
      `evil.example.com:${daemon.port}`,
      `127.0.0.1:1`,
      '10.0.0.1',
    ]) {
      expect((await send('/status', { ...auth, host })).status).toBe(421);
      expect((await send('/health', { host })).status).toBe(421);
      expect(
        (await send('/hooks/Stop', { ...auth, host, 'content-type': 'application/json' }, 'POST'))
          .status,
      ).toBe(421);
    }
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it("refuses every browser Origin but the daemon's own with 403", async () => {
    const own = `http://127.0.0.1:${daemon.port}`;
    expect((await send('/status', { ...auth, origin: own })).status).toBe(200);
    expect(
      (await send('/status', { ...auth, origin: `http://localhost:${daemon.port}` })).status,
    ).toBe(200);
    for (const origin of [
      'http://evil.example.com',
      'null',
      `http://127.0.0.1:${daemon.port + 1}`,
      `https://127.0.0.1:${daemon.port}`,
    ]) {
      expect((await send('/status', { ...auth, origin })).status).toBe(403);
      expect((await send('/hooks/Stop', { ...auth, origin }, 'POST')).status).toBe(403);
    }
  });

  it('answers /health without the token with {ok, pid} only; with it, the version and uptime too', async () => {
    expect(JSON.parse((await send('/health', {})).body)).toEqual({ ok: true, pid: process.pid });
    expect(JSON.parse((await send('/health', auth)).body)).toMatchObject({
      ok: true,
      pid: process.pid,
      version: 'test',
    });
  });

  it('records a POSTed event once per X-Claude-Hybrid-Event-Key, and refuses a malformed key', async () => {
    const keyed = { ...auth, 'x-claude-hybrid-event-key': 'relay:1-2-abc' };
    expect((await send('/hooks/Stop', keyed, 'POST')).status).toBe(200);
    expect((await send('/hooks/Stop', keyed, 'POST')).status).toBe(200);
    expect((await send('/hooks/Stop', auth, 'POST')).status).toBe(200);
    expect(events().filter((event) => event.type === 'hook.Stop')).toHaveLength(2);
    const bad = { ...auth, 'x-claude-hybrid-event-key': 'no spaces' };
    expect((await send('/hooks/Stop', bad, 'POST')).status).toBe(400);
  });
});
