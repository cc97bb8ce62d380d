// Every `--json` document follows one convention (docs/cli.md, "JSON output"): an object at the
// top, camelCase keys, times as ISO-8601 strings in keys ending in `At`, durations as
// milliseconds in keys ending in `Ms`. Runs each command through the built CLI in a temporary
// project with provider sim, after a run and a workflow run, and walks every document.
import { cpSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeProjectPath } from '../src/claude-code/transcripts-dir.js';
import { COMMAND_TABLE } from '../src/cli/completion/command-table.js';
import { runBuilt, startBuilt, tempProject } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { waitFor } from './support/wait.js';

const TRANSCRIPTS = fileURLToPath(
  new URL('./fixtures/transcripts/claude-code-2.1.197', import.meta.url),
);
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Last words of a key that name a time: its value is an ISO-8601 string (or null). */
const TIME_WORDS = new Set(['at', 'time', 'timestamp', 'ts', 'when', 'since', 'until']);
/** Last words of a key that name a duration: the key must end in `Ms` instead. */
const DURATION_WORDS = new Set([
  'duration',
  'elapsed',
  'latency',
  'uptime',
  'timeout',
  'delay',
  'wait',
  'waited',
  'ttl',
  'age',
  'interval',
  'seconds',
  'secs',
  'sec',
  'minutes',
  'hours',
  'days',
]);
/** Epoch milliseconds from 2001 to 2286: a number like this is a timestamp left as a number. */
const EPOCH_MS = { min: 1e12, max: 1e13 };

/**
 * Objects whose keys are data (names a user or a file chose), not field names: the command
 * (`*` for any) and the path, array indices left out. Their values are still walked.
 */
const MAPS: readonly (readonly [command: string, path: string])[] = [
  ['stats', 'byAgent'], // agent name → runs and cost
  ['stats', 'byModel'], // model id → runs and cost
  ['memory export', 'memories'], // agent name → entries
  ['*', 'inputs'], // workflow run, status, resume: input name → value
  ['session report', 'models'], // model id → tokens and cost
  ['session report', 'tools'], // tool name → calls
  ['mcp install', 'entry.env'], // the server's environment variables
  ['skills show', 'frontmatter'], // SKILL.md's own fields, as Claude Code spells them
];

/**
 * Subtrees left out of the walk, each with why: what they hold is defined elsewhere and
 * printed as it is.
 */
const OPAQUE: readonly string[] = [
  // config show: the configuration as its files spell it (docs/configuration.md): config keys,
  // with maps of model and agent names, and the source of each key by its dotted path.
  'config',
  'sources',
  // events: a Claude Code hook event's payload is Claude Code's own input, as it sent it.
  'events.*.payload',
  // session report: content blocks quoted from Claude Code's transcript.
  'timeline.*.input',
];

function matches(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split('.');
  return (
    parts.length === path.length &&
    parts.every((part, index) => part === '*' || part === path[index])
  );
}

/** The key's last word, lower case: `createdAt` → `at`, `durationMs` → `ms`. */
function lastWord(key: string): string {
  return (key.split(/(?=[A-Z])/).at(-1) ?? key).toLowerCase();
}

/** Every way `value` breaks the convention, as `path: problem` (array indices as `*`), once each. */
function jsonProblems(value: unknown, command = '*'): string[] {
  const found = new Set<string>();
  const problems = { push: (problem: string) => found.add(problem) };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    problems.push('(top): not an object');
  const walk = (node: unknown, path: string[], key: string | undefined): void => {
    const where = path.join('.');
    if (OPAQUE.some((pattern) => matches(pattern, path))) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, [...path, '*'], key);
      return;
    }
    if (typeof node === 'object' && node !== null) {
      const isMap = MAPS.some(
        ([mapCommand, pattern]) =>
          (mapCommand === '*' || mapCommand === command) &&
          matches(
            pattern,
            path.filter((part) => part !== '*'),
          ),
      );
      for (const [name, child] of Object.entries(node)) {
        if (!isMap) {
          const at = [...path, name].join('.');
          if (!CAMEL_CASE.test(name)) problems.push(`${at}: key is not camelCase`);
          if (DURATION_WORDS.has(lastWord(name)))
            problems.push(`${at}: a duration's key ends in Ms`);
        }
        walk(child, [...path, name], isMap ? undefined : name);
      }
      return;
    }
    if (typeof node === 'number' && node >= EPOCH_MS.min && node < EPOCH_MS.max)
      problems.push(`${where}: ${node} looks like epoch milliseconds; times are ISO-8601 strings`);
    if (key === undefined || node === null) return;
    const word = lastWord(key);
    if (word === 'ms') {
      if (typeof node !== 'number' || !Number.isFinite(node) || node < 0)
        problems.push(
          `${where}: a duration is a number of milliseconds, got ${JSON.stringify(node)}`,
        );
    } else if (word === 'date') {
      if (typeof node !== 'string' || !ISO_DATE.test(node))
        problems.push(`${where}: a date is an ISO-8601 date string, got ${JSON.stringify(node)}`);
    } else if (TIME_WORDS.has(word)) {
      if (typeof node !== 'string' || !ISO_TIME.test(node))
        problems.push(`${where}: a time is an ISO-8601 UTC string, got ${JSON.stringify(node)}`);
    } else if (typeof node === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(node)) {
      problems.push(`${where}: a time belongs in a key ending in At`);
    }
  };
  walk(value, [], undefined);
  return [...found];
}

/**
 * Commands without a JSON document, each with why. Every other command in the command table
 * must have a case below.
 */
const NO_JSON: Readonly<Record<string, string>> = {
  'mcp ': 'serves MCP over stdio: its output is the protocol',
  'completion ': 'prints a shell script',
  'worker ': 'serves a Redis queue until stopped: prints no document',
};

describe('--json output follows one convention', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  /** Each document by its command line, with the command-table name it came from. */
  const documents = new Map<string, { command: string; document: unknown }>();

  const cli = (argv: readonly string[], stdin?: string): Promise<CliResult> =>
    runBuilt(argv, { cwd: dir, env, ...(stdin === undefined ? {} : { stdin }) });

  /**
   * Runs `argv --json`, expects an exit code in `codes` (default 0), and keeps the document
   * under the command's name.
   */
  async function json(
    command: string,
    argv: readonly string[],
    options: { codes?: readonly number[]; stdin?: string } = {},
  ): Promise<Record<string, unknown>> {
    const result = await cli([...argv, '--json'], options.stdin);
    expect(options.codes ?? [0], `${argv.join(' ')}: ${result.stderr}`).toContain(result.code);
    const document = JSON.parse(result.stdout) as Record<string, unknown>;
    documents.set(argv.join(' '), { command, document });
    return document;
  }

  beforeAll(async () => {
    ({ dir, env, cleanup } = tempProject());
    const claudeConfig = join(dir, '..', 'claude-config');
    env = { ...env, CLAUDE_CONFIG_DIR: claudeConfig };
    // A Claude Code session of this project, for `session list` and `session report`.
    cpSync(TRANSCRIPTS, join(claudeConfig, 'projects', encodeProjectPath(realpathSync(dir))), {
      recursive: true,
    });

    await json('init', ['init']);
    await json('run', ['run', 'add a --verbose flag to the build script', '--provider', 'sim']);
    await json('run', ['run', 'write a changelog entry', '--provider', 'sim', '--dry-run']);
    const workflow = await json('workflow run', [
      'workflow',
      'run',
      'code-review',
      '--input',
      'change=a small fix',
      '--provider',
      'sim',
    ]);
    const runId = String(workflow.runId);
    await json('workflow status', ['workflow', 'status', runId]);
    await json('workflow runs', ['workflow', 'runs']);
    await json('workflow list', ['workflow', 'list']);
    await json('workflow validate', ['workflow', 'validate', 'code-review']);
    // A run whose process died: `workflow cancel` marks it cancelled, `resume` completes it.
    const db = new Database(join(dir, '.claude-hybrid', 'state.db'));
    db.prepare("UPDATE workflow_runs SET status = 'running', pid = NULL WHERE id = ?").run(runId);
    db.close();
    await json('workflow cancel', ['workflow', 'cancel', runId]);
    await json('workflow resume', ['workflow', 'resume', runId, '--provider', 'sim']);

    await json('agents list', ['agents', 'list']);
    await json('agents show', ['agents', 'show', 'engineer']);
    await json('agents validate', ['agents', 'validate']);
    await json('agents deploy', ['agents', 'deploy']);
    await json('agents undeploy', ['agents', 'undeploy', 'qa', '--dry-run']);
    await json('agents new', ['agents', 'new', 'translator', '--description', 'Translates docs']);
    await json('route', ['route', 'fix the flaky login test', '--explain']);
    await json('skills list', ['skills', 'list']);
    await json('skills show', ['skills', 'show', 'focused-tests']);
    await json('skills validate', ['skills', 'validate']);
    await json('skills deploy', ['skills', 'deploy']);
    await json('skills undeploy', ['skills', 'undeploy', '--dry-run']);
    await json('plugin build', ['plugin', 'build', '--out', join(dir, '..', 'plugin-out')]);

    await json('memory add', ['memory', 'add', 'engineer', 'The build uses pnpm, not npm.']);
    await json('memory list', ['memory', 'list']);
    await json('memory search', ['memory', 'search', 'pnpm']);
    await json('memory show', ['memory', 'show', 'engineer']);
    await json('memory optimize', ['memory', 'optimize', '--dry-run']);
    const exported = await json('memory export', ['memory', 'export']);
    const exportFile = join(dir, 'memories.json');
    writeFileSync(exportFile, JSON.stringify(exported));
    await json('memory import', ['memory', 'import', exportFile]);
    await json('memory capture', ['memory', 'capture', 'qa', '-'], {
      stdin: 'Done.\n\n## Remember\n- Tests run with vitest.\n',
    });
    await json('memory prune', ['memory', 'prune', '--older-than', '3650d']);

    await json('stats', ['stats']);
    await json('stats', ['stats', '--since', '1d']);
    await json('cache stats', ['cache', 'stats']);
    await json('cache clear', ['cache', 'clear']);
    await json('config show', ['config', 'show']);
    await json('config validate', ['config', 'validate']);
    await json('events list', ['events', 'list', '--limit', '200']);
    await json('doctor', ['doctor']);
    await json('store check', ['store', 'check']);
    await json('store migrate', ['store', 'migrate']);
    await json('session list', ['session', 'list']);
    await json('session report', ['session', 'report', '--latest']);
    await json('statusline', ['statusline'], {
      stdin: JSON.stringify({
        session_id: 'fba7221b-504c-4517-a271-3428c91ef06b',
        model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet' },
        workspace: { current_dir: dir },
        cost: { total_cost_usd: 0.12, total_duration_ms: 5000 },
      }),
    });
    await json('code', ['code', '--print']);
    // 1 when it is not registered.
    await json('mcp status', ['mcp', 'status'], { codes: [0, 1] });
    await json('mcp install', ['mcp', 'install']);
    await json('mcp uninstall', ['mcp', 'uninstall']);
    await json('hooks status', ['hooks', 'status']);

    // With the daemon up: its status, the commands that go through it, and the hooks.
    await json('daemon status', ['daemon', 'status']);
    await json('daemon start', ['daemon', 'start', '--port', '0']);
    await json('daemon up', ['daemon', 'up', '--port', '0']);
    await json('daemon status', ['daemon', 'status']);
    await json('events list', ['events', 'list', '--limit', '200']);
    await json('hooks install', ['hooks', 'install']);
    await json('hooks uninstall', ['hooks', 'uninstall']);
    await json('dashboard', ['dashboard', '--no-open']);
    await json('daemon restart', ['daemon', 'restart', '--port', '0']);
    await json('daemon stop', ['daemon', 'stop']);
    await json('daemon down', ['daemon', 'down']);
    // events tail streams one event per line until stopped.
    const tail = startBuilt(['events', 'tail', '--since', '1h', '--json'], { cwd: dir, env });
    await waitFor(() => tail.output().stdout.includes('\n'), 10_000, 50);
    tail.child.kill('SIGTERM');
    const lines = (await tail.exited).stdout.trim().split('\n');
    documents.set('events tail --since 1h', {
      command: 'events tail',
      document: { events: lines.map((line) => JSON.parse(line) as unknown) },
    });
  }, 240_000);

  afterAll(async () => {
    await cli(['daemon', 'stop']);
    cleanup();
  });

  it('covers every command in the command table', () => {
    const names = [...documents.values()].map(({ command }) => `${command} `);
    for (const group of COMMAND_TABLE.groups)
      for (const command of group.commands) {
        const name = `${group.name} ${command.name}`;
        if (NO_JSON[name] !== undefined) continue;
        const prefix = command.name === '' ? `${group.name} ` : `${name} `;
        expect(
          names.includes(prefix),
          `${name.trim()}: no --json case (add one, or say in NO_JSON why it prints none)`,
        ).toBe(true);
      }
  });

  it('has an object at the top, camelCase keys, ISO-8601 times and durations in ms', () => {
    const problems = [...documents].flatMap(([line, { command, document }]) =>
      jsonProblems(document, command).map((problem) => `${line}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('the walk finds what breaks the convention', () => {
    expect(jsonProblems([])).toEqual(['(top): not an object']);
    expect(
      jsonProblems(
        {
          run_id: 'x',
          createdAt: 1796627055452,
          updatedAt: '2026-12-07 01:49:26',
          startedAt: '2026-12-07T01:49:26.000Z',
          ttlSeconds: 60,
          timeout: 5,
          durationMs: 12.5,
          waitedMs: '1.2 s',
          ts: 1,
          when: '2026-12-07T01:49:26Z',
          date: '2026-12-07',
          note: '2026-12-07T01:49:26Z',
          byAgent: { 'code-reviewer': { runs: 1 } },
          config: { cache: { ttlSeconds: 60 } },
          list: [{ finishedAt: 'yesterday' }],
        },
        'stats',
      ),
    ).toEqual([
      'run_id: key is not camelCase',
      'createdAt: 1796627055452 looks like epoch milliseconds; times are ISO-8601 strings',
      'createdAt: a time is an ISO-8601 UTC string, got 1796627055452',
      'updatedAt: a time is an ISO-8601 UTC string, got "2026-12-07 01:49:26"',
      "ttlSeconds: a duration's key ends in Ms",
      "timeout: a duration's key ends in Ms",
      'waitedMs: a duration is a number of milliseconds, got "1.2 s"',
      'ts: a time is an ISO-8601 UTC string, got 1',
      'note: a time belongs in a key ending in At',
      'list.*.finishedAt: a time is an ISO-8601 UTC string, got "yesterday"',
    ]);
    // A map of one command is a document of field names in another.
    expect(jsonProblems({ byAgent: { 'code-reviewer': 1 } }, 'doctor')).toEqual([
      'byAgent.code-reviewer: key is not camelCase',
    ]);
  });
});
