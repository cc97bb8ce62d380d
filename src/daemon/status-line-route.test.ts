import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { startDaemonServer } from './server.js';
import type { DaemonServer } from './server.js';
import { MAX_STATUS_LINE_BYTES } from './status-line-route.js';

const TOKEN = 'test-token-statusline';
let temp: { dir: string; cleanup: () => void };
let daemon: DaemonServer;
let transcript: string;

beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-statusline-route-');
  mkdirSync(join(temp.dir, 'home'));
  transcript = join(temp.dir, 'session.jsonl');
  daemon = await startDaemonServer({
    log: () => undefined,
    hybridHome: join(temp.dir, 'home'),
    token: TOKEN,
    port: 0,
    version: 'test',
    now: () => 1_000,
  });
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

async function statusLine(
  body: string,
  query = '?plain',
  token = TOKEN,
): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/statusline${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const input = (session = 'S'): string =>
  JSON.stringify({
    session_id: session,
    transcript_path: transcript,
    cwd: temp.dir,
    model: { id: 'claude-sonnet-5-5', display_name: 'Sonnet 5.5' },
    cost: { total_cost_usd: 0.5 },
  });

describe('POST /statusline', () => {
  it('needs the token like every route', async () => {
    expect((await statusLine(input(), '?plain', 'wrong-token-statusline')).status).toBe(401);
  });

  it('answers the line as text, with the subagent the hook events say is running', async () => {
    const link = `http://127.0.0.1:${daemon.port}/`;
    writeFileSync(
      transcript,
      `${JSON.stringify({
        type: 'assistant',
        message: {
          id: 'msg_1',
          model: 'claude-sonnet-5-5',
          content: [],
          usage: { input_tokens: 100_000, output_tokens: 10 },
        },
      })}\n`,
    );
    let answer = await statusLine(input());
    expect(answer).toMatchObject({ status: 200, type: 'text/plain; charset=utf-8' });
    expect(answer.text).toMatch(new RegExp(`^Sonnet 5\\.5 · ctx 10% · \\$0\\.\\d\\d · ${link}\n$`));
    const hook = (event: string, body: Record<string, unknown>) =>
      fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: 'S', cwd: temp.dir, ...body }),
      });
    expect((await hook('SubagentStart', { agent_id: 'a1', agent_type: 'qa' })).status).toBe(200);
    answer = await statusLine(input());
    expect(answer.text).toMatch(/^▸ qa · ctx 10% · /);
    expect((await statusLine(input('other-session'))).text).toMatch(/^Sonnet 5\.5 · /);
    expect((await statusLine(input('other-session'), '?agent=pm&plain')).text).toMatch(/^pm · /);
    expect((await statusLine(input('other-session'), '?agent=a%20b&plain')).text).toMatch(
      /^Sonnet 5\.5 · /,
    );
    const json = JSON.parse((await statusLine(input(), '?json')).text) as Record<string, unknown>;
    expect(json).toMatchObject({ agent: 'qa', subagent: true, contextTokens: 100_000 });
    await hook('Stop', {});
    expect((await statusLine(input())).text).toMatch(/^Sonnet 5\.5 · /);
    await hook('SubagentStart', { agent_id: 'a2', agent_type: 'qa' });
    expect((await statusLine(input())).text).toMatch(/^▸ qa · /);
    await hook('SessionEnd', {});
    expect((await statusLine(input())).text).toMatch(/^Sonnet 5\.5 · /);
  });

  it('answers one line, never an error, for empty, bad or oversized input', async () => {
    const expected = `claude-hybrid · http://127.0.0.1:${daemon.port}/\n`;
    for (const body of ['', '{"session_id":', '"text"', 'x'.repeat(MAX_STATUS_LINE_BYTES + 1)]) {
      const answer = await statusLine(body);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(expected);
    }
    expect(JSON.parse((await statusLine('{', '?json')).text)).toEqual({
      error: 'the input is not a JSON object',
    });
  });
});
