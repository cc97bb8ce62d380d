import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptTotalsReader } from '../src/claude-code/transcript-totals.js';
import { runBuilt, tempProject } from './support/cli.js';

// The status line end to end: the command `hooks install --statusline` registers, run the way
// Claude Code runs it (through a shell, the status-line JSON on stdin), against a real daemon
// and a transcript on disk; then with the daemon stopped.

const FIXTURE = fileURLToPath(
  new URL(
    './fixtures/transcripts/claude-code-2.1.197/fba7221b-504c-4517-a271-3428c91ef06b.jsonl',
    import.meta.url,
  ),
);
const cli = runBuilt;

describe('the Claude Code status line', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  let transcript: string;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    transcript = join(dir, 'session-1.jsonl');
    copyFileSync(FIXTURE, transcript);
  });
  afterEach(async () => {
    await cli(['daemon', 'stop'], { cwd: dir, env });
    cleanup();
  });

  const home = (): string => env.CLAUDE_HYBRID_HOME ?? '';
  const daemonFile = (): { port: number; token: string } =>
    JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8')) as {
      port: number;
      token: string;
    };
  /** Claude Code's status-line input for this session (2.1.197's shape). */
  const statusInput = (sessionId = 'session-1'): string =>
    JSON.stringify({
      session_id: sessionId,
      transcript_path: transcript,
      cwd: dir,
      model: { id: 'claude-sonnet-5-5', display_name: 'Sonnet 5.5' },
      workspace: { current_dir: dir, project_dir: dir, added_dirs: [] },
      version: '2.1.197',
      cost: { total_cost_usd: 9.99 },
      context_window: { context_window_size: 1_000_000, used_percentage: 50 },
    });
  /** Runs the registered statusLine command as Claude Code does: `sh -c`, input on stdin. */
  const runStatusLine = (
    command: string,
    input: string,
    extra: NodeJS.ProcessEnv = { NO_COLOR: '1' },
  ) =>
    spawnSync('/bin/sh', ['-c', command], {
      input,
      env: { ...env, ...extra },
      cwd: dir,
      encoding: 'utf8',
    });
  const hook = async (event: string, body: Record<string, unknown>): Promise<void> => {
    const { port, token } = daemonFile();
    const response = await fetch(`http://127.0.0.1:${port}/hooks/${event}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 'session-1', cwd: dir, hook_event_name: event, ...body }),
    });
    expect(response.status).toBe(200);
  };

  it('shows the running subagent, context, cost and dashboard link from the daemon, then works without it', async () => {
    expect((await cli(['daemon', 'start', '--port', '0'], { cwd: dir, env })).code).toBe(0);
    const installed = await cli(['hooks', 'install', '--statusline', '--json'], { cwd: dir, env });
    expect(installed.code, installed.stderr).toBe(0);
    const settingsFile = join(dir, '.claude', 'settings.local.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
      statusLine: { type: string; command: string; padding: number };
    };
    expect(settings.statusLine).toMatchObject({ type: 'command', padding: 0 });
    expect(settings.statusLine.command).toMatch(/dist\/statusline\.sh" ".+" # claude-hybrid$/);
    const command = settings.statusLine.command;

    const totals = new TranscriptTotalsReader().read(transcript);
    const cost = `$${(totals?.costUsd ?? 0).toFixed(2)}`;
    expect(cost).not.toBe('$0.00');
    const { port } = daemonFile();
    const link = `http://127.0.0.1:${port}/`;

    // No subagent yet: the model's name; the context and cost are the transcript's.
    let result = runStatusLine(command, statusInput());
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Sonnet 5.5 · ctx 3% · ${cost} · ${link}\n`);

    // Under `claude-hybrid code` (CLAUDE_HYBRID_AGENT=pm), the main agent is the PM.
    result = runStatusLine(command, statusInput(), { NO_COLOR: '1', CLAUDE_HYBRID_AGENT: 'pm' });
    expect(result.stdout).toBe(`pm · ctx 3% · ${cost} · ${link}\n`);

    await hook('SubagentStart', { agent_id: 'agent-1', agent_type: 'research' });
    await hook('SubagentStart', { agent_id: 'agent-2', agent_type: 'qa', session_id: 'other' });
    result = runStatusLine(command, statusInput());
    expect(result.stdout).toBe(`▸ research · ctx 3% · ${cost} · ${link}\n`);
    // In colour (Claude Code renders ANSI): the subagent and the context level are coloured.
    result = runStatusLine(command, statusInput(), {});
    expect(result.stdout).toContain('\u001b[1;36m▸ research\u001b[0m');
    expect(result.stdout).toContain('\u001b[32mctx 3%\u001b[0m');
    expect(result.stdout.split('\n')).toHaveLength(2);

    // The transcript grows: the next line counts the new message.
    writeFileSync(
      transcript,
      `${readFileSync(transcript, 'utf8')}${JSON.stringify({
        type: 'assistant',
        isSidechain: false,
        message: {
          id: 'msg_new',
          model: 'claude-sonnet-5-5',
          content: [],
          usage: { input_tokens: 900_000, output_tokens: 10 },
        },
      })}\n`,
    );
    result = runStatusLine(command, statusInput());
    expect(result.stdout).toMatch(
      new RegExp(`^▸ research · ctx 90% · \\$\\d+\\.\\d\\d · ${link}\n$`),
    );
    expect(result.stdout).not.toContain(` ${cost} `);

    await hook('SubagentStop', { agent_id: 'agent-1', agent_type: 'research' });
    result = runStatusLine(command, statusInput());
    expect(result.stdout).toMatch(/^Sonnet 5\.5 · ctx 90% · /);

    // The documented command answers the same, and --json gives the fields.
    const json = await cli(['statusline', '--json'], { cwd: dir, env, stdin: statusInput() });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      agent: 'Sonnet 5.5',
      subagent: false,
      contextTokens: 900_000,
      contextWindow: 1_000_000,
      costSource: 'transcript',
      dashboard: link,
      daemon: 'running',
    });

    // Bad input: still one line and exit 0 from the relay; a hint on stderr from the command.
    for (const bad of ['{"session_id":', '[]', 'x'.repeat(2_000_000)]) {
      result = runStatusLine(command, bad);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`claude-hybrid · ${link}\n`);
    }
    const badCommand = await cli(['statusline', '--plain'], { cwd: dir, env, stdin: '{oops' });
    expect(badCommand.code).toBe(0);
    expect(badCommand.stdout).toBe(`claude-hybrid · ${link}\n`);
    expect(badCommand.stderr).toBe(
      "claude-hybrid statusline: the input is not a JSON object; expected Claude Code's status-line JSON on stdin\n",
    );

    // The daemon stops: the relay computes the line itself, from the transcript.
    expect((await cli(['daemon', 'stop'], { cwd: dir, env })).code).toBe(0);
    result = runStatusLine(command, statusInput());
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sonnet 5\.5 · ctx 90% · \$\d+\.\d\d · daemon stopped\n$/);
    expect(result.stderr).toBe('');
    result = runStatusLine(command, '');
    expect(result.stdout).toBe('claude-hybrid · daemon stopped\n');
    result = runStatusLine(command, statusInput(), { NO_COLOR: '1', CLAUDE_HYBRID_AGENT: 'pm' });
    expect(result.stdout).toMatch(/^pm · ctx 90% · /);
    // A daemon.json naming a dead process is a stopped daemon, too.
    writeFileSync(
      join(home(), 'daemon.json'),
      JSON.stringify({ port, pid: 2 ** 22 + 7, token: 'x', startedAt: 1, version: '0' }),
    );
    result = runStatusLine(command, statusInput());
    expect(result.stdout).toMatch(/ · daemon stopped\n$/);

    // uninstall removes the status line it wrote, and only that.
    const removed = await cli(['hooks', 'uninstall', '--json'], { cwd: dir, env });
    expect(JSON.parse(removed.stdout)).toMatchObject({ statusLineRemoved: true });
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).not.toHaveProperty('statusLine');
  });

  it("keeps the user's own status line unless --force", async () => {
    const settingsFile = join(dir, '.claude', 'settings.local.json');
    const users = { statusLine: { type: 'command', command: 'my-status' } };
    mkdirSync(join(dir, '.claude'));
    writeFileSync(settingsFile, JSON.stringify(users));
    const refused = await cli(['hooks', 'install', '--mode', 'command', '--statusline'], {
      cwd: dir,
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already has a status line of its own: my-status');
    expect(refused.stderr).toContain('--force');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual(users);
    const status = await cli(['hooks', 'status', '--json'], { cwd: dir, env });
    expect(status.stdout).toContain('"statusLine":"foreign"');
    const forced = await cli(['hooks', 'install', '--mode', 'command', '--statusline', '--force'], {
      cwd: dir,
      env,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(settingsFile, 'utf8')).toContain('statusline.sh');
  });
});
