import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';
import type { MessageRequestBody, ScriptedReply } from './fake-anthropic/index.js';
import { runBuilt, tempProject } from './cli.js';

/**
 * The scripted Claude Code session of the end-to-end hook tests: the real Claude Code (the npm
 * package) against the loopback fake Messages API runs `echo`, a denied `rm -rf`, a failing
 * command, and a delegation to qa, whose answer has a Remember block.
 */

export const CLAUDE = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));
export const NOTIFIER = fileURLToPath(new URL('./mcp-notifier-server.mjs', import.meta.url));
export const HAVE_CLAUDE = existsSync(CLAUDE);
if (!HAVE_CLAUDE)
  process.stderr.write(
    'Claude Code end-to-end tests: skipped, node_modules/.bin/claude is missing (npm install the devDependency @anthropic-ai/claude-code)\n',
  );

const PROMPT = 'HOOKS_E2E: run the checks, then ask qa.';
/** A sentence from the deployed qa agent's body, so the fake knows the subagent's requests. */
const QA_SYSTEM = 'You are a quality engineer';
export const REMEMBERED =
  'The hooks end-to-end fixture keeps its victim directory under the project.';
export const ID = {
  echo: 'toolu_hooks_echo',
  denied: 'toolu_hooks_rm',
  failing: 'toolu_hooks_fail',
  agent: 'toolu_hooks_agent',
};

export interface EventRow {
  readonly type: string;
  readonly session: string | null;
  readonly payload: Record<string, unknown>;
}

export interface ToolResultBlock {
  readonly type: 'tool_result';
  readonly tool_use_id: string;
  readonly content?: unknown;
  readonly is_error?: boolean;
}

function toolResults(body: MessageRequestBody): ToolResultBlock[] {
  const content = body.messages.at(-1)?.content;
  if (typeof content === 'string' || content === undefined) return [];
  return content.filter(
    (block): block is ToolResultBlock => (block as { type?: unknown }).type === 'tool_result',
  );
}

/** The tool_result for `id` in the request's last turn, if it has one. */
export function toolResult(body: MessageRequestBody, id: string): ToolResultBlock | undefined {
  return toolResults(body).find((block) => block.tool_use_id === id);
}

/** The id of the tool_result at the end of the conversation, if the last turn is one. */
function lastToolResultId(body: MessageRequestBody): string | undefined {
  return toolResults(body).at(-1)?.tool_use_id;
}

function bash(id: string, command: string): ScriptedReply {
  return {
    text: 'Running a command.',
    content: [{ type: 'tool_use', id, name: 'Bash', input: { command, description: 'step' } }],
  };
}

/**
 * The whole session, as a function of each request: the main thread runs `echo`, the denied
 * `rm -rf`, a failing command, delegates to qa and finishes; qa answers with a Remember block.
 * Requests that are neither (none are expected) get a plain text reply.
 */
export function sessionScript(project: string): (body: MessageRequestBody) => ScriptedReply {
  return (body) => {
    if (JSON.stringify(body.system ?? '').includes(QA_SYSTEM))
      return {
        text: `Checked the fixture.\n\n# Remember:\nType: gotcha\nContent: ${REMEMBERED}\n`,
      };
    if (!JSON.stringify(body.messages[0]?.content ?? '').includes('HOOKS_E2E'))
      return { text: 'ok' };
    // `/compact` on the finished session: Claude Code asks for a summary of the conversation.
    if (body.messages.length > 1 && /summary/i.test(JSON.stringify(body.messages.at(-1)?.content)))
      return { text: '<summary>The checks ran and qa checked the fixture.</summary>' };
    switch (lastToolResultId(body)) {
      case undefined:
        return bash(ID.echo, `echo hello > ${join(project, 'marker1.txt')}`);
      case ID.echo:
        return bash(ID.denied, `rm -rf ${join(project, 'victim')}`);
      case ID.denied:
        return bash(ID.failing, 'echo failing >&2; exit 3');
      case ID.failing:
        return {
          content: [
            {
              type: 'tool_use',
              id: ID.agent,
              name: 'Agent',
              input: { subagent_type: 'qa', description: 'Check fixture', prompt: 'Check it.' },
            },
          ],
        };
      default:
        return { text: 'All done.' };
    }
  };
}

export function runClaude(
  cwd: string,
  env: NodeJS.ProcessEnv,
  argv: readonly string[] = ['-p', PROMPT],
  allowedTools: readonly string[] = ['Bash', 'Agent'],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    CLAUDE,
    [...argv, '--output-format', 'stream-json', '--verbose'].concat(
      // As root Claude Code refuses --dangerously-skip-permissions; allowing the tools does it.
      ['--allowedTools', ...allowedTools],
    ),
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A project ready for the scripted session: initialised, with a Bash policy denying `rm -rf`, the
 * agents deployed, the daemon up and our hooks installed in `mode` and `blocking`, and a `victim/` folder that
 * must survive. `cli` runs claude-hybrid there and fails the test on a non-zero exit.
 */
export async function prepareHookedProject(
  dir: string,
  mode: 'http' | 'command',
  cli: (argv: readonly string[]) => Promise<string>,
  blocking: 'needed' | 'all' = 'needed',
): Promise<void> {
  await cli(['init']);
  writeFileSync(
    join(dir, '.claude-hybrid', 'config.yaml'),
    "version: 1\nhooks:\n  denyBash:\n    - 'rm -rf'\n",
  );
  await cli(['agents', 'deploy']);
  await cli(['daemon', 'start', '--port', '0']);
  await cli(['hooks', 'install', '--scope', 'local', '--mode', mode, '--blocking', blocking]);
  mkdirSync(join(dir, 'victim'));
  writeFileSync(join(dir, 'victim', 'keep.txt'), 'keep\n');
}

/** The environment Claude Code runs in: offline, against the fake at `baseUrl`. */
export function claudeEnvFor(env: NodeJS.ProcessEnv, baseUrl: string): NodeJS.ProcessEnv {
  return {
    ...env,
    CLAUDE_CONFIG_DIR: join(env.HOME ?? '.', '.claude'),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/** The project of the test that is running (see projectPerTest). */
export interface ProjectUnderTest {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The temporary home the project is in. */
  readonly home: string;
  /** Runs claude-hybrid in the project; a non-zero exit fails the test. Returns its stdout. */
  readonly cli: (argv: readonly string[]) => Promise<string>;
}

/**
 * A fresh temporary project for each test of the suite, whose daemon is stopped and whose home
 * is removed after the test.
 */
export function projectPerTest(): ProjectUnderTest {
  let current: ReturnType<typeof tempProject> | undefined;
  beforeEach(() => {
    current = tempProject();
  });
  afterEach(async () => {
    if (current === undefined) return;
    await runBuilt(['daemon', 'stop'], { cwd: current.dir, env: current.env });
    current.cleanup();
    current = undefined;
  });
  const now = (): ReturnType<typeof tempProject> => {
    if (current === undefined) throw new Error('projectPerTest: used outside a test');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    get env() {
      return now().env;
    },
    get home() {
      return now().env.HOME ?? '';
    },
    cli: async (argv) => {
      const { dir, env } = now();
      const result = await runBuilt(argv, { cwd: dir, env });
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    },
  };
}
