import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HAVE_CLAUDE,
  projectPerTest,
  claudeEnvFor,
  prepareHookedProject,
  ID,
  REMEMBERED,
  runClaude,
  sessionScript,
} from './support/claude-code-session.js';
import type { EventRow } from './support/claude-code-session.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { waitFor } from './support/wait.js';

// The same real Claude Code session with our hooks in command mode: every event goes through
// dist/hook-relay.sh (curl to the daemon); the telemetry-only ones run in the background.

describe.skipIf(!HAVE_CLAUDE)('Claude Code hooks end to end (real client, command mode)', () => {
  const startFake = fakeStarter();
  const project = projectPerTest();
  const cli = project.cli;
  const events = async (type: string): Promise<EventRow[]> =>
    (
      JSON.parse(await cli(['events', 'list', '--type', type, '--json', '--limit', '10000'])) as {
        events: EventRow[];
      }
    ).events.reverse();

  it('delivers every fired event through the shell relay, denies rm -rf and captures memory', async () => {
    const { dir, env } = project;
    await prepareHookedProject(dir, 'command', cli, 'all');
    const settings = readFileSync(join(dir, '.claude', 'settings.local.json'), 'utf8');
    expect(settings).toContain('hook-relay.sh');

    const fake = await startFake({ defaultReply: sessionScript(dir) });
    const run = await runClaude(dir, claudeEnvFor(env, fake.baseUrl));
    expect(run.code, `claude: ${run.stderr}`).toBe(0);

    // Background (async) hooks may still be delivering when claude exits: wait for the last.
    const expected = [
      'hook.PostToolUse',
      'hook.PostToolUse',
      'hook.PostToolUseFailure',
      'hook.PreToolUse',
      'hook.PreToolUse',
      'hook.PreToolUse',
      'hook.PreToolUse',
      'hook.SessionEnd',
      'hook.SessionStart',
      'hook.Stop',
      'hook.SubagentStart',
      'hook.SubagentStop',
      'hook.UserPromptSubmit',
    ];
    await waitFor(async () => (await events('hook.*')).length >= expected.length, 10_000, 100);
    const hooks = await events('hook.*');
    expect(hooks.map((event) => event.type).sort()).toEqual(expected);

    // The denied command never ran; the failing one is paired as failed; qa's memory is kept.
    expect(readFileSync(join(dir, 'victim', 'keep.txt'), 'utf8')).toBe('keep\n');
    expect((await events('tool.denied')).map((event) => event.payload.toolUseId)).toEqual([
      ID.denied,
    ]);
    expect(
      (await events('tool.completed')).map((event) => [
        event.payload.toolUseId,
        event.payload.failed,
      ]),
    ).toEqual([
      [ID.echo, false],
      [ID.failing, true],
      [ID.agent, false],
    ]);
    const memory = JSON.parse(await cli(['memory', 'show', 'qa', '--json'])) as {
      entries: { content: string }[];
    };
    expect(memory.entries.map((entry) => entry.content)).toContain(REMEMBERED);
  }, 60_000);
});
