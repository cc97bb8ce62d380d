import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { MessageRequestBody, ScriptedReply } from './support/fake-anthropic/index.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import {
  CLAUDE,
  HAVE_CLAUDE,
  claudeEnvFor,
  projectPerTest,
  runClaude,
  toolResult,
} from './support/claude-code-session.js';
import type { EventRow } from './support/claude-code-session.js';
import { waitFor } from './support/wait.js';

// The plugin end to end, with the real Claude Code offline against the fake Messages API, in a
// clean home: `plugin build`, `claude plugin marketplace add` and `install`, a session that runs
// Bash and delegates to the plugin's qa agent (`claude-hybrid:qa`), the hook events at the
// daemon through the package found on PATH, qa's learning in memory; then `claude plugin
// uninstall`, after which a session sends the daemon nothing.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PROMPT = 'PLUGIN_E2E: run the check, then ask qa.';
const QA_SYSTEM = 'You are a quality engineer';
const REMEMBERED = 'The plugin end-to-end fixture is installed from a local marketplace.';
const BASH_ID = 'toolu_plugin_echo';
const AGENT_ID = 'toolu_plugin_agent';

function script(project: string): (body: MessageRequestBody) => ScriptedReply {
  return (body) => {
    if (JSON.stringify(body.system ?? '').includes(QA_SYSTEM))
      return { text: `Checked.\n\n# Remember:\nType: gotcha\nContent: ${REMEMBERED}\n` };
    if (!JSON.stringify(body.messages[0]?.content ?? '').includes('PLUGIN_E2E'))
      return { text: 'ok' };
    if (toolResult(body, AGENT_ID) !== undefined) return { text: 'All done.' };
    if (toolResult(body, BASH_ID) !== undefined)
      return {
        content: [
          {
            type: 'tool_use',
            id: AGENT_ID,
            name: 'Agent',
            input: { subagent_type: 'claude-hybrid:qa', description: 'Check', prompt: 'Check it.' },
          },
        ],
      };
    const command = `echo plugin > ${join(project, 'marker.txt')}`;
    return {
      content: [{ type: 'tool_use', id: BASH_ID, name: 'Bash', input: { command } }],
    };
  };
}

/**
 * A global install as npm makes it: `<prefix>/bin/claude-hybrid` a relative symlink to
 * `../lib/node_modules/claude-hybrid/dist/cli.cjs`, the package folder a link to this checkout.
 */
function globalInstall(home: string): string {
  const prefix = join(home, 'prefix');
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  mkdirSync(join(prefix, 'lib', 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(prefix, 'lib', 'node_modules', 'claude-hybrid'));
  symlinkSync(
    '../lib/node_modules/claude-hybrid/dist/cli.cjs',
    join(prefix, 'bin', 'claude-hybrid'),
  );
  return join(prefix, 'bin');
}

const run = promisify(execFile);

describe.skipIf(!HAVE_CLAUDE)('the Claude Code plugin end to end (real client)', () => {
  const startFake = fakeStarter();
  const project = projectPerTest();
  const cli = project.cli;
  const events = async (type: string): Promise<EventRow[]> =>
    (
      JSON.parse(await cli(['events', 'list', '--type', type, '--json', '--limit', '10000'])) as {
        events: EventRow[];
      }
    ).events.reverse();

  it('installs from the built marketplace, reports every event, captures memory and uninstalls clean', async () => {
    const { dir, home } = project;
    // Only the global install, node and the system on PATH: the hooks find the package there.
    const path = [globalInstall(home), dirname(process.execPath), '/usr/bin', '/bin'].join(':');
    const env = { ...project.env, PATH: path };
    await cli(['init']);
    await cli(['daemon', 'start', '--port', '0']);
    const marketplace = join(home, 'marketplace');
    await cli(['plugin', 'build', '--out', marketplace]);

    const fake = await startFake({ defaultReply: script(dir) });
    const claudeEnv = claudeEnvFor(env, fake.baseUrl);
    const claude = (args: readonly string[]) =>
      run(CLAUDE, [...args], { cwd: dir, env: claudeEnv, timeout: 60_000 });
    await claude(['plugin', 'marketplace', 'add', marketplace]);
    await claude(['plugin', 'install', 'claude-hybrid@claude-hybrid']);
    const settingsFile = join(home, '.claude', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    expect(settings.enabledPlugins).toEqual({ 'claude-hybrid@claude-hybrid': true });
    // Now a direct registration steps aside, in one line.
    const hooks = await cli(['hooks', 'install']);
    expect(hooks.trim().split('\n')).toHaveLength(1);
    expect(hooks).toContain('claude-hybrid@claude-hybrid');
    const mcp = await cli(['mcp', 'install']);
    expect(mcp.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
    // The agents of the installed copy (Claude Code's installed_plugins.json) are left to it.
    const deploy = await cli(['agents', 'deploy']);
    expect(deploy).toContain('left to the plugin');
    expect(deploy).toContain('qa');
    expect(existsSync(join(dir, '.claude', 'agents', 'qa.md'))).toBe(false);

    const session = await runClaude(dir, claudeEnv, ['-p', PROMPT]);
    expect(session.code, `claude: ${session.stderr}`).toBe(0);
    expect(readFileSync(join(dir, 'marker.txt'), 'utf8')).toBe('plugin\n');
    // The subagent ran: its request carried the plugin agent's prompt.
    expect(
      fake.requests.some((request) =>
        JSON.stringify(request.body?.system ?? '').includes(QA_SYSTEM),
      ),
    ).toBe(true);

    const expected = [
      'hook.PostToolUse',
      'hook.PostToolUse',
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
    expect((await events('hook.*')).map((event) => event.type).sort()).toEqual(expected);
    const memory = JSON.parse(await cli(['memory', 'show', 'qa', '--json'])) as {
      entries: { content: string }[];
    };
    expect(memory.entries.map((entry) => entry.content)).toContain(REMEMBERED);

    await claude(['plugin', 'uninstall', 'claude-hybrid@claude-hybrid']);
    const after = readFileSync(settingsFile, 'utf8');
    expect(after).not.toContain('relay.sh');
    expect(JSON.parse(after)).not.toHaveProperty('hooks');
    // Nor in the project: the plugin wrote no project settings.
    const projectClaude = join(dir, '.claude');
    const projectSettings = existsSync(projectClaude)
      ? readdirSync(projectClaude).filter((name) => name.startsWith('settings'))
      : [];
    expect(projectSettings).toEqual([]);
    const count = (await events('hook.*')).length;
    const second = await runClaude(dir, claudeEnv, ['-p', 'PLUGIN_E2E: again']);
    expect(second.code, `claude: ${second.stderr}`).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // background hooks would land
    expect(await events('hook.*')).toHaveLength(count);
  }, 120_000);
});
