import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HAVE_CLAUDE,
  ID,
  claudeEnvFor,
  prepareHookedProject,
  projectPerTest,
  runClaude,
  sessionScript,
} from './support/claude-code-session.js';
import type { EventRow } from './support/claude-code-session.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { transcriptCalls } from './support/transcript-coverage.js';

// The real Claude Code against the loopback fake Messages API, with our hooks in the default
// layout (`hooks install --blocking needed`): only PreToolUse of Bash, UserPromptSubmit, Stop,
// SubagentStop and SessionEnd block; the rest run in the background, and what they do not
// deliver before claude exits the daemon recovers from the session transcript.

type Group = { matcher?: string; hooks: { async?: boolean; type: string }[] };

describe.skipIf(!HAVE_CLAUDE)('Claude Code hooks in the background (real client)', () => {
  const startFake = fakeStarter();
  const project = projectPerTest();
  const cli = project.cli;
  const events = async (type: string): Promise<EventRow[]> =>
    (
      JSON.parse(await cli(['events', 'list', '--type', type, '--json', '--limit', '10000'])) as {
        events: EventRow[];
      }
    ).events.reverse();

  /** Runs the scripted session; returns the transcript's calls and the ones recorded. */
  async function session(edit?: (hooks: Record<string, Group[]>) => void) {
    const { dir, env } = project;
    await prepareHookedProject(dir, 'http', cli);
    const file = join(dir, '.claude', 'settings.local.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, Group[]> };
    if (edit !== undefined) {
      edit(settings.hooks);
      writeFileSync(file, JSON.stringify(settings, null, 2));
    }
    const fake = await startFake({ defaultReply: sessionScript(dir) });
    const run = await runClaude(dir, claudeEnvFor(env, fake.baseUrl));
    expect(run.code, `claude: ${run.stderr}`).toBe(0);
    // Recorded once the session is over: at Stop and SessionEnd, which Claude Code waits for.
    const stop = (await events('hook.Stop'))[0];
    const path = stop?.payload.transcript_path;
    expect(typeof path).toBe('string');
    const calls = transcriptCalls(path as string);
    const completed = [...(await events('tool.completed')), ...(await events('tool.denied'))];
    const delegated = await events('agent.delegated');
    return { dir, settings: settings.hooks, calls, completed, delegated };
  }

  const ids = (rows: readonly EventRow[]): string[] =>
    rows.map((row) => String(row.payload.toolUseId)).sort();

  it('default layout: only the needed hooks block; every tool pair and delegation is recorded once; rm -rf is denied', async () => {
    const { dir, settings, calls, completed, delegated } = await session();
    const blocking = Object.entries(settings).flatMap(([event, groups]) =>
      groups
        .filter((group) => group.hooks.some((hook) => hook.async !== true))
        .map((group) => `${event}${group.matcher === undefined ? '' : `[${group.matcher}]`}`),
    );
    expect(blocking).toEqual([
      'UserPromptSubmit',
      'PreToolUse[Bash]',
      'SubagentStop',
      'Stop',
      'SessionEnd',
    ]);
    expect(calls.pairs).toEqual([ID.agent, ID.denied, ID.failing, ID.echo].sort());
    expect(calls.delegations).toEqual([ID.agent]);
    // 100% of the transcript's pairs and delegations, each once.
    expect(ids(completed)).toEqual(calls.pairs);
    expect(ids(delegated)).toEqual(calls.delegations);
    expect(existsSync(join(dir, 'victim', 'keep.txt'))).toBe(true);
    expect((await events('tool.denied')).map((row) => row.payload.toolUseId)).toEqual([ID.denied]);
  });

  it('hooks that never arrive: the calls are recovered from the transcript, marked reconciled', async () => {
    // As if every background hook were lost at exit: none of them is registered at all.
    const { dir, calls, completed, delegated } = await session((hooks) => {
      for (const [event, groups] of Object.entries(hooks))
        hooks[event] = groups.filter((group) => group.hooks.every((hook) => hook.async !== true));
    });
    expect(calls.pairs).toHaveLength(4);
    expect(ids(completed)).toEqual(calls.pairs);
    expect(ids(delegated)).toEqual(calls.delegations);
    const reconciled = (row: EventRow) => row.payload.reconciled === true;
    // The denial came through the blocking PreToolUse of Bash; the rest from the transcript.
    expect(completed.filter(reconciled).map((row) => row.payload.toolUseId)).toEqual([
      ID.echo,
      ID.failing,
      ID.agent,
    ]);
    expect(completed.find((row) => row.payload.toolUseId === ID.failing)?.payload).toMatchObject({
      toolName: 'Bash',
      failed: true,
      toolInput: { command: 'echo failing >&2; exit 3' },
    });
    expect(delegated.every(reconciled)).toBe(true);
    expect(existsSync(join(dir, 'victim', 'keep.txt'))).toBe(true);
  });
});
