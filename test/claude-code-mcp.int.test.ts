import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HAVE_CLAUDE,
  claudeEnvFor,
  projectPerTest,
  runClaude,
  toolResult,
} from './support/claude-code-session.js';
import type { EventRow } from './support/claude-code-session.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { MessageRequestBody, ScriptedReply } from './support/fake-anthropic/index.js';

// The real Claude Code (the npm package), offline against the loopback fake Messages API, with
// our MCP server registered by `mcp install` and our hooks reporting to the daemon: the scripted
// model calls mcp__claude-hybrid__memory_search, Claude Code runs it through our server, and the
// tool call's PreToolUse and PostToolUse hooks reach the daemon.

const TOOL = 'mcp__claude-hybrid__memory_search';
const CALL_ID = 'toolu_mcp_search';
const LEARNING = 'Use vitest, not jest, for the date parser tests';

function script(body: MessageRequestBody): ScriptedReply {
  if (!JSON.stringify(body.messages[0]?.content ?? '').includes('MCP_E2E')) return { text: 'ok' };
  if (toolResult(body, CALL_ID) !== undefined) return { text: 'Found it.' };
  return {
    content: [{ type: 'tool_use', id: CALL_ID, name: TOOL, input: { query: 'vitest' } }],
    // In -p mode Claude Code does not wait for MCP servers before the first request; the slow
    // reply lets ours connect before the model's tool call runs.
    latencyMs: 3_000,
  };
}

describe.skipIf(!HAVE_CLAUDE)('the MCP server from Claude Code (real client)', () => {
  const startFake = fakeStarter();
  const project = projectPerTest();
  const cli = project.cli;

  it('runs memory_search through our server, and its hooks reach the daemon', async () => {
    const { dir, env } = project;
    await cli(['init']);
    await cli(['memory', 'add', 'qa', LEARNING]);
    await cli(['daemon', 'start', '--port', '0']);
    await cli(['hooks', 'install', '--scope', 'local']);
    await cli(['mcp', 'install']);

    const fake = await startFake({ defaultReply: script });
    const run = await runClaude(
      dir,
      { ...claudeEnvFor(env, fake.baseUrl), CLAUDE_HYBRID_ENGINE_PROVIDER: 'sim' },
      ['-p', 'MCP_E2E: what do we test with?', '--mcp-config', join(dir, '.mcp.json')],
      [TOOL],
    );
    expect(run.code, `claude: ${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);

    // Claude Code sent our server's answer back to the model.
    const sentBack = fake.requests
      .map((request) => request.body as MessageRequestBody | undefined)
      .map((body) => (body === undefined ? undefined : toolResult(body, CALL_ID)))
      .find((result) => result !== undefined);
    expect(sentBack?.is_error ?? false, JSON.stringify(sentBack)).toBe(false);
    expect(JSON.stringify(sentBack?.content)).toContain(LEARNING);

    // The call's hooks reached the daemon, paired by tool use id.
    const listed = JSON.parse(
      await cli(['events', 'list', '--type', 'hook.*', '--json', '--limit', '1000']),
    ) as { events: EventRow[] };
    const ours = listed.events.filter((event) => event.payload.tool_name === TOOL);
    expect(ours.map((event) => event.type).sort()).toEqual(['hook.PostToolUse', 'hook.PreToolUse']);
    expect(ours.every((event) => event.payload.tool_use_id === CALL_ID)).toBe(true);
  }, 90_000);
});
