import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HAVE_CLAUDE,
  projectPerTest,
  claudeEnvFor,
  prepareHookedProject,
  ID,
  NOTIFIER,
  REMEMBERED,
  runClaude,
  sessionScript,
  toolResult,
} from './support/claude-code-session.js';
import type { EventRow } from './support/claude-code-session.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { MessageRequestBody } from './support/fake-anthropic/index.js';

// The real Claude Code (the npm package) against the loopback fake Messages API, with our hooks
// installed in http mode: every hook event it fires must reach the daemon, which pairs tool calls,
// records the delegation tree, captures the subagent's memory and enforces the Bash policy.

describe.skipIf(!HAVE_CLAUDE)('Claude Code hooks end to end (real client, http mode)', () => {
  const startFake = fakeStarter();
  const project = projectPerTest();
  const cli = project.cli;

  it('reports every registered hook event, pairs tools, records the delegation, captures memory and denies rm -rf', async () => {
    const { dir, env, home } = project;
    await prepareHookedProject(dir, 'http', cli, 'all');
    expect(existsSync(join(dir, '.claude', 'agents', 'qa.md'))).toBe(true);

    const fake = await startFake({ defaultReply: sessionScript(dir) });
    const claudeEnv = claudeEnvFor(env, fake.baseUrl);
    const run = await runClaude(dir, claudeEnv);
    expect(run.code, `claude: ${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);

    const listed = JSON.parse(await cli(['events', 'list', '--json', '--limit', '10000'])) as {
      events: EventRow[];
    };
    const events = [...listed.events].reverse(); // the list is newest first
    if (process.env.HOOKS_E2E_DEBUG === '1')
      process.stderr.write(`${JSON.stringify(events, null, 1)}\n`);
    const ofType = (type: string) => events.filter((event) => event.type === type);
    const hooks = events.filter((event) => event.type.startsWith('hook.'));

    // What Claude Code 2.1.197 fires in a -p session, in order, each acknowledged by the daemon.
    // SessionStart arrives through the command relay: Claude Code runs no http hook for it ("HTTP
    // hooks are not supported for SessionStart"), so the installer writes that one as a command.
    // Not here: Notification (no permission prompt or idle wait in -p with --allowedTools), and
    // PreCompact (no compaction in a short session; see /compact below). PostToolUseFailure does
    // fire, for the Bash command that exits 3. The
    // denied rm -rf gets a PreToolUse and nothing after it: the tool never runs.
    expect(hooks.map((event) => [event.type, event.payload.tool_use_id ?? null])).toEqual([
      ['hook.SessionStart', null],
      ['hook.UserPromptSubmit', null],
      ['hook.PreToolUse', ID.echo],
      ['hook.PostToolUse', ID.echo],
      ['hook.PreToolUse', ID.denied],
      ['hook.PreToolUse', ID.failing],
      ['hook.PostToolUseFailure', ID.failing],
      ['hook.PreToolUse', ID.agent],
      ['hook.SubagentStart', null],
      ['hook.SubagentStop', null],
      ['hook.PostToolUse', ID.agent],
      ['hook.Stop', null],
      ['hook.SessionEnd', null],
    ]);
    const init = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type?: string; subtype?: string; session_id?: string })
      .find((message) => message.type === 'system' && message.subtype === 'init');
    expect(init?.session_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const event of hooks) {
      expect(event.session).toBe(init?.session_id);
      expect(event.payload.cwd).toBe(dir);
    }

    // Pre/Post pairs: one tool.completed per executed tool_use_id, none for the denied one.
    expect(
      ofType('tool.completed').map((event) => [
        event.payload.toolUseId,
        event.payload.toolName,
        event.payload.failed,
      ]),
    ).toEqual([
      [ID.echo, 'Bash', false],
      [ID.failing, 'Bash', true],
      [ID.agent, 'Agent', false],
    ]);
    for (const event of ofType('tool.completed'))
      expect(event.payload.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(dir, 'marker1.txt'), 'utf8')).toBe('hello\n');

    // The delegation tree: the Agent call, then the qa subagent's start and stop, same agent id.
    expect(ofType('agent.delegated').map((event) => event.payload)).toEqual([
      { toolUseId: ID.agent, subagentType: 'qa', description: 'Check fixture' },
    ]);
    const started = ofType('agent.started').map((event) => event.payload);
    expect(started).toHaveLength(1);
    expect(started[0]?.agentType).toBe('qa');
    const agentId = started[0]?.agentId;
    expect(agentId).toMatch(/^a[0-9a-f]+$/);
    const completed = ofType('agent.completed').map((event) => event.payload);
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ agentId, agentType: 'qa', remembered: 1 });
    expect(completed[0]?.durationMs).toBeGreaterThanOrEqual(0);
    const position = (type: string) => events.findIndex((event) => event.type === type);
    expect(position('agent.delegated')).toBeLessThan(position('agent.started'));
    expect(position('agent.started')).toBeLessThan(position('agent.completed'));

    // The subagent's Remember block is in qa's memory.
    const memory = JSON.parse(await cli(['memory', 'show', 'qa', '--json'])) as {
      entries: { content: string }[];
    };
    expect(memory.entries.map((entry) => entry.content)).toContain(REMEMBERED);

    // The policy: denied before it ran, recorded, and the reason reached the model.
    expect(readFileSync(join(dir, 'victim', 'keep.txt'), 'utf8')).toBe('keep\n');
    const reason = 'claude-hybrid policy: the command matches a denied pattern (pattern rm -rf)';
    expect(ofType('tool.denied').map((event) => event.payload)).toEqual([
      { toolUseId: ID.denied, command: `rm -rf ${join(dir, 'victim')}`, reason },
    ]);
    const sentBack = fake.requests
      .map((request) => request.body as MessageRequestBody | undefined)
      .map((body) => (body === undefined ? undefined : toolResult(body, ID.denied)))
      .find((result) => result !== undefined);
    expect(sentBack?.is_error).toBe(true);
    expect(JSON.stringify(sentBack?.content)).toContain(reason);

    // PreCompact: `/compact` on the same conversation (--continue) fires it, manual trigger.
    const compact = await runClaude(dir, claudeEnv, ['-p', '--continue', '/compact']);
    expect(compact.code, `claude /compact: ${compact.stderr}`).toBe(0);
    const compacted = JSON.parse(
      await cli(['events', 'list', '--type', 'hook.PreCompact', '--json']),
    ) as { events: EventRow[] };
    expect(compacted.events.map((event) => event.payload.trigger)).toEqual(['manual']);

    // Notification: an MCP server tells Claude Code an elicitation completed, which Claude Code
    // shows as a notification. The model is slow here so the session outlives the MCP handshake.
    const slow = await startFake({ defaultReply: () => ({ text: 'ok' }), latencyMs: 1_500 });
    const mcpConfig = join(home, 'mcp.json');
    writeFileSync(
      mcpConfig,
      JSON.stringify({ mcpServers: { notifier: { command: process.execPath, args: [NOTIFIER] } } }),
    );
    const notified = await runClaude(dir, { ...claudeEnv, ANTHROPIC_BASE_URL: slow.baseUrl }, [
      '-p',
      'Say ok.',
      '--mcp-config',
      mcpConfig,
    ]);
    expect(notified.code, `claude with the notifier: ${notified.stderr}`).toBe(0);
    const notifications = JSON.parse(
      await cli(['events', 'list', '--type', 'hook.Notification', '--json']),
    ) as { events: EventRow[] };
    expect(notifications.events.map((event) => event.payload.notification_type)).toEqual([
      'elicitation_complete',
    ]);

    // Across the three sessions, every event the installer registers reached the daemon.
    const all = JSON.parse(
      await cli(['events', 'list', '--type', 'hook.*', '--json', '--limit', '10000']),
    ) as { events: EventRow[] };
    const status = JSON.parse(await cli(['hooks', 'status', '--json'])) as {
      scopes: { scope: string; installed: { event: string }[] }[];
    };
    const registered = (
      status.scopes.find((scope) => scope.scope === 'local')?.installed ?? []
    ).map((entry) => entry.event);
    expect(registered).toHaveLength(11);
    expect(new Set(all.events.map((event) => event.type.slice('hook.'.length)))).toEqual(
      new Set(registered),
    );
  }, 90_000);
});
