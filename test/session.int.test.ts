import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeProjectPath,
  listSessionFiles,
  projectTranscriptsDir,
  transcriptsRoot,
} from '../src/claude-code/transcripts-dir.js';
import { sessionGroup } from '../src/cli/commands/session.js';
import { isHybridError } from '../src/errors.js';
import { startFakeAnthropic } from './support/fake-anthropic/index.js';
import type { MessageRequestBody } from './support/fake-anthropic/index.js';
import { runSubcommand } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/transcripts/', import.meta.url));
const REAL_ID = 'fba7221b-504c-4517-a271-3428c91ef06b';
const BIN = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));

/** The error `action` rejects with; fails the test when it resolves. */
async function rejection(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Runs one `session` subcommand with captured output. */
function session(
  argv: { name: string; values?: Record<string, string | boolean>; positionals?: string[] },
  options: { cwd: string; env: NodeJS.ProcessEnv; json?: boolean },
): Promise<CliResult> {
  return runSubcommand(sessionGroup, argv.name, {
    ...options,
    ...(argv.values === undefined ? {} : { values: argv.values }),
    ...(argv.positionals === undefined ? {} : { positionals: argv.positionals }),
  });
}

describe('session commands on fixture transcripts', () => {
  let home: string;
  let cleanup: () => void;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempDir());
    project = join(home, 'my project');
    mkdirSync(project);
    const config = join(home, 'claude-config');
    env = { HOME: join(home, 'no-home'), CLAUDE_CONFIG_DIR: config };
    const dir = join(config, 'projects', encodeProjectPath(realpathSync(project)));
    cpSync(join(FIXTURES, 'claude-code-2.1.197'), dir, { recursive: true });
    cpSync(join(FIXTURES, 'malformed.jsonl'), join(dir, 'malformed-session.jsonl'));
    // The damaged session is older: list and --latest order by last write.
    utimesSync(join(dir, 'malformed-session.jsonl'), new Date(2026, 0, 2), new Date(2026, 0, 2));
    utimesSync(join(dir, `${REAL_ID}.jsonl`), new Date(2026, 11, 1), new Date(2026, 11, 1));
  });
  afterEach(() => {
    cleanup();
  });

  it('lists sessions newest first with prompts, tool calls and cost', async () => {
    const result = await session({ name: 'list' }, { cwd: project, env, json: true });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as {
      total: number;
      sessions: { id: string; prompts: number; toolCalls: number; problems: number }[];
    };
    expect(listed.total).toBe(2);
    expect(
      listed.sessions.map((row) => [row.id, row.prompts, row.toolCalls, row.problems]),
    ).toEqual([
      [REAL_ID, 1, 4, 0],
      ['malformed-session', 1, 2, 5],
    ]);
    const text = await session({ name: 'list', values: { limit: '1' } }, { cwd: project, env });
    expect(text.stdout).toMatch(
      new RegExp(
        `^SESSION +STARTED +DURATION +PROMPTS +TOOLS +COST\\n${REAL_ID} +2026-12-01 11:24:10Z +223ms +1 +4 \\(2 failed\\) +\\$0\\.\\d{4}\\n`,
      ),
    );
    expect(text.stdout).toContain('(1 older; --limit N shows more)');
  });

  it('reports the latest session as text: timeline, delegation tree, tools, models', async () => {
    const result = await session(
      { name: 'report', values: { latest: true } },
      { cwd: project, env },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = result.stdout;
    expect(out).toContain(`Session ${REAL_ID} (Claude Code 2.1.197)`);
    expect(out).toContain('FAIL Bash ls /nonexistent-dir');
    expect(out).toMatch(/\[helper\] FAIL Bash exit 3/);
    expect(out).toMatch(/└─ helper "Run check" · completed · \d+ms · 1 tool call, 1 failed/);
    expect(out).toMatch(/Bash +3 +2 +0/);
    expect(out).toMatch(/claude-haiku-4-5-20251001 +2 /);
    expect(out).not.toContain('not in the model table');
  });

  it('takes a unique id prefix, and shows unreadable lines as warnings with line numbers', async () => {
    const result = await session({ name: 'report', positionals: ['malf'] }, { cwd: project, env });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^warning: malformed-session\.jsonl:2: invalid JSON/),
      'warning: malformed-session.jsonl:5: not a JSON object',
      'warning: malformed-session.jsonl:6: not a JSON object',
      expect.stringMatching(/^warning: malformed-session\.jsonl:8: "message\.content"/),
      expect.stringMatching(/^warning: malformed-session\.jsonl:16: truncated or invalid JSON/),
    ]);
    expect(result.stdout).toContain('* not in the model table, counted as $0: claude-imaginary-9');
  });

  it('puts problems, files and the whole report in the JSON document', async () => {
    const result = await session(
      { name: 'report', positionals: [REAL_ID] },
      { cwd: project, env, json: true },
    );
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      sessionId: REAL_ID,
      prompts: 1,
      problems: [],
      subagentFiles: [`${REAL_ID}/subagents/agent-a8b94b85b324cf173.jsonl`],
      delegations: [{ subagentType: 'helper', status: 'completed', failures: 1 }],
      totals: { messages: 6 },
    });
    expect(result.stderr).toBe('');
  });

  it('exits 2 for an unknown id, naming the closest ones', async () => {
    const error = await rejection(
      session({ name: 'report', positionals: ['fba7221c'] }, { cwd: project, env }),
    );
    expect(isHybridError(error) && error.exitCode).toBe(2);
    expect(isHybridError(error) && error.code).toBe('session.unknown_id');
    expect(isHybridError(error) && error.hint).toContain(REAL_ID);
  });

  it('says clearly when a project has no sessions', async () => {
    const other = join(home, 'other');
    mkdirSync(other);
    const listed = await session({ name: 'list' }, { cwd: other, env });
    expect(listed.stdout).toMatch(/^no Claude Code sessions for .*other \(looked in /);
    const error = await rejection(session({ name: 'report' }, { cwd: other, env }));
    expect(isHybridError(error) && [error.code, error.exitCode]).toEqual(['session.none', 2]);
    const viaFlag = await session(
      { name: 'list', values: { project: 'my project' } },
      { cwd: home, env, json: true },
    );
    expect((JSON.parse(viaFlag.stdout) as { total: number }).total).toBe(2);
  });

  it('refuses a bad --limit and an ID together with --latest', async () => {
    for (const run of [
      () => session({ name: 'list', values: { limit: '0' } }, { cwd: project, env }),
      () =>
        session(
          { name: 'report', values: { latest: true }, positionals: ['x'] },
          { cwd: project, env },
        ),
    ]) {
      const error = await rejection(run());
      expect(isHybridError(error) && [error.code, error.exitCode]).toEqual(['usage', 2]);
    }
  });
});

describe('transcript locations', () => {
  it('uses CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(transcriptsRoot({ CLAUDE_CONFIG_DIR: '/c', HOME: '/h' })).toBe('/c/projects');
    expect(transcriptsRoot({ CLAUDE_CONFIG_DIR: '', HOME: '/h' })).toBe('/h/.claude/projects');
  });

  it('encodes project paths as Claude Code 2.1.197 does (names observed from the real binary)', () => {
    expect(encodeProjectPath('/tmp/a b')).toBe('-tmp-a-b');
    expect(encodeProjectPath('/tmp/claude-hybrid-fixture/my project')).toBe(
      '-tmp-claude-hybrid-fixture-my-project',
    );
    // Past 200 characters: cut, plus a hash of the path. Each UTF-16 unit of Ü becomes one '-'.
    const long = `/tmp/longpath-exp/${Array.from({ length: 20 }, (_, index) => `Ünïcode dir ${index}`).join('/')}`;
    expect(encodeProjectPath(long)).toBe(
      '-tmp-longpath-exp--n-code-dir-0--n-code-dir-1--n-code-dir-2--n-code-dir-3--n-code-dir-4' +
        '--n-code-dir-5--n-code-dir-6--n-code-dir-7--n-code-dir-8--n-code-dir-9--n-code-dir-10' +
        '--n-code-dir-11--n-code-dir--2l731i',
    );
  });

  it('finds a long project directory by its prefix when the hash differs', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const long = `${dir}/${'x'.repeat(250)}`;
      const stored = `${encodeProjectPath(long).slice(0, 200)}-otherhash`;
      mkdirSync(join(dir, 'projects', stored), { recursive: true });
      expect(await projectTranscriptsDir(join(dir, 'projects'), long)).toBe(
        join(dir, 'projects', stored),
      );
      expect(await projectTranscriptsDir(join(dir, 'projects'), `${dir}/short`)).toBeUndefined();
      expect(await listSessionFiles(join(dir, 'missing'))).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

/** Replies for a session that runs Bash, then delegates to the `helper` subagent, which fails. */
function scriptedSession(body: MessageRequestBody) {
  const system = JSON.stringify(body.system ?? '');
  const last = JSON.stringify(body.messages.at(-1)?.content ?? '');
  if (system.includes('SUBAGENT_MARKER'))
    return last.includes('tool_result')
      ? { text: 'Helper done.' }
      : {
          text: 'Checking.',
          content: [
            {
              type: 'tool_use' as const,
              name: 'Bash',
              input: { command: 'exit 3', description: 'fail' },
            },
          ],
        };
  if (!last.includes('tool_result'))
    return {
      text: 'Running.',
      content: [
        {
          type: 'tool_use' as const,
          name: 'Bash',
          input: { command: 'echo hi', description: 'hi' },
        },
      ],
    };
  if (!last.includes('Helper done'))
    return {
      content: [
        {
          type: 'tool_use' as const,
          name: 'Agent',
          input: { subagent_type: 'helper', description: 'Check', prompt: 'Run the check.' },
        },
      ],
    };
  return { text: 'All done.' };
}

describe.skipIf(!existsSync(join(BIN, 'claude')))('against the installed Claude Code', () => {
  it('reports a live session: Bash, a delegation, a subagent failure, usage per message', async () => {
    const { dir, cleanup } = makeTempDir();
    const fake = await startFakeAnthropic({ defaultReply: scriptedSession });
    try {
      const project = join(dir, 'live project');
      mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
      writeFileSync(
        join(project, '.claude', 'agents', 'helper.md'),
        '---\nname: helper\ndescription: Runs checks.\ntools: Bash\n---\nYou are the helper. SUBAGENT_MARKER\n',
      );
      const env = { HOME: dir, CLAUDE_CONFIG_DIR: join(dir, '.claude') };
      const child = spawn(
        join(BIN, 'claude'),
        // --allowedTools: as root, Claude Code refuses to skip permission prompts any other way.
        [
          '-p',
          'go',
          '--output-format',
          'stream-json',
          '--verbose',
          '--model',
          'claude-sonnet-5-5',
        ].concat(['--allowedTools', 'Bash,Agent']),
        {
          cwd: project,
          stdio: 'ignore',
          env: {
            ...env,
            PATH: process.env.PATH,
            ANTHROPIC_BASE_URL: fake.baseUrl,
            ANTHROPIC_API_KEY: 'anything',
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          },
        },
      );
      expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
      const result = await session(
        { name: 'report', values: { latest: true } },
        { cwd: project, env, json: true },
      );
      const report = JSON.parse(result.stdout) as {
        problems: unknown[];
        tools: { name: string; calls: number; failures: number }[];
        delegations: { subagentType: string; status: string; toolCalls: number }[];
        totals: { messages: number };
      };
      expect(report.problems).toEqual([]);
      expect(report.tools).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Bash', calls: 2, failures: 1 }),
          expect.objectContaining({ name: 'Agent', calls: 1, failures: 0 }),
        ]),
      );
      expect(report.delegations).toMatchObject([
        { subagentType: 'helper', status: 'completed', toolCalls: 1 },
      ]);
      expect(report.totals.messages).toBe(
        fake.requests.filter((request) => request.path === '/v1/messages').length,
      );
    } finally {
      await fake.close();
      cleanup();
    }
  }, 60_000);
});
