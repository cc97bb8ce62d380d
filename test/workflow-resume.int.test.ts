// Durable workflows end to end, through the built binary against the loopback fake Messages API:
// a run killed with SIGKILL resumes without calling a finished step again and ends with the same
// outputs as an uninterrupted run; `workflow cancel` stops a run cleanly; bad workflow files and
// bad run ids are refused before anything is called.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runBuilt, startBuilt } from './support/cli.js';
import type { BuiltProcess } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { FakeAnthropic, RecordedRequest } from './support/fake-anthropic/index.js';
import { makeTempDir } from './support/temp-dir.js';

const start = fakeStarter();

const cli = runBuilt;

/** Children started in the background; any still alive after a test are killed. */
const children: ChildProcess[] = [];

/** The built binary in its own process group, so a SIGKILL reaches everything it started. */
function background(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): BuiltProcess {
  const started = startBuilt(argv, { ...options, group: true });
  children.push(started.child);
  return started;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

afterEach(() => {
  for (const child of children.splice(0)) killGroup(child, 'SIGKILL');
});

/** Polls `condition` every 10 ms until it returns a value; fails after `timeoutMs`. */
async function until<T>(condition: () => T | undefined, timeoutMs: number, what: string) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

/** The project database, read-only, as a crash-safe observer sees it. */
function stateDb(project: string): Database.Database {
  return new Database(join(project, '.claude-hybrid', 'state.db'), {
    readonly: true,
    fileMustExist: true,
  });
}

function latestRunId(db: Database.Database): string | undefined {
  return db
    .prepare<[], { id: string }>('SELECT id FROM workflow_runs ORDER BY created_at DESC LIMIT 1')
    .get()?.id;
}

function stepStatuses(db: Database.Database, runId: string): Map<string, string> {
  const rows = db
    .prepare<[string], { step_id: string; status: string }>(
      'SELECT step_id, status FROM workflow_steps WHERE run_id = ?',
    )
    .all(runId);
  return new Map(rows.map((row) => [row.step_id, row.status]));
}

interface StatusJson {
  readonly runId: string;
  readonly status: string;
  readonly steps: readonly { id: string; status: string; output: string | null }[];
}

/** The text of a request's last message: the step's rendered task. */
function lastMessageText(request: RecordedRequest): string {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) return '';
  const last = messages.at(-1) as { content?: unknown } | undefined;
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      const text = (block as { text?: unknown }).text;
      return typeof text === 'string' ? text : '';
    })
    .join('');
}

/**
 * Which step each Messages request was for. Every task starts with `STEP-<id>:`; later tasks
 * quote earlier outputs (which echo earlier tasks), so only the start identifies the step.
 */
function stepsRequested(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter((request) => request.path === '/v1/messages')
    .map((request) => /^STEP-([\w-]+):/.exec(lastMessageText(request))?.[1] ?? '?');
}

function countOf(ids: readonly string[], id: string): number {
  return ids.filter((other) => other === id).length;
}

/** A chain with a fan-out and a fan-in: 8 steps in 6 layers, every task distinct (shared with bench/workflow.mjs). */
const DELIVERY = readFileSync(
  new URL('./fixtures/workflow/resume-me.yaml', import.meta.url),
  'utf8',
);
const DELIVERY_STEPS = ['scope', 'design', 'api', 'ui', 'tests', 'review', 'verify', 'notes'];

describe('claude-hybrid workflow: durable runs', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempDir());
  });
  afterEach(() => {
    cleanup();
  });

  /** A fresh initialised project under the temp home, with the env to reach `fake`. */
  async function project(
    name: string,
    fake: FakeAnthropic,
  ): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
    const dir = join(home, name);
    mkdirSync(dir);
    const env = isolatedEnv(home, {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.baseUrl,
    });
    const init = await cli(['init'], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    return { dir, env };
  }

  async function statusOf(
    runId: string,
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): Promise<StatusJson> {
    const status = await cli(['workflow', 'status', runId, '--json'], options);
    expect(status.code, status.stderr).toBe(0);
    return JSON.parse(status.stdout) as StatusJson;
  }

  it('resumes a run killed with SIGKILL without calling a finished step again', async () => {
    const fake = await start({ latencyMs: 200 });
    const { dir, env } = await project('killed', fake);
    writeFileSync(join(dir, 'delivery.yaml'), DELIVERY);
    const first = background(
      ['workflow', 'run', 'delivery.yaml', '--provider', 'anthropic', '--no-cache'],
      { cwd: dir, env },
    );
    const db = await until(
      () => (existsSync(join(dir, '.claude-hybrid', 'state.db')) ? stateDb(dir) : undefined),
      10_000,
      'the state database',
    );
    try {
      const runId = await until(() => latestRunId(db), 10_000, 'the run to be recorded');
      await until(
        () => {
          const done = [...stepStatuses(db, runId).values()].filter((s) => s === 'succeeded');
          return done.length >= 3 ? true : undefined;
        },
        15_000,
        'three steps to succeed',
      );
      killGroup(first.child, 'SIGKILL');
      const killed = await first.exited;
      expect(killed.signal).toBe('SIGKILL');
      // What the checkpoints held when the process died (read after it died: a step may have
      // finished between the poll and the kill).
      const atKill = stepStatuses(db, runId);
      const succeeded = DELIVERY_STEPS.filter((id) => atKill.get(id) === 'succeeded');
      expect(succeeded.length).toBeGreaterThanOrEqual(3);
      expect(succeeded.length).toBeLessThan(DELIVERY_STEPS.length);
      expect(killed.stderr).toContain(runId);

      const interrupted = await statusOf(runId, { cwd: dir, env });
      expect(interrupted.status).toBe('interrupted');

      const requestsBeforeResume = fake.requests.length;
      const resumed = await cli(['workflow', 'resume', runId, '--no-cache'], { cwd: dir, env });
      expect(resumed.code, resumed.stderr).toBe(0);
      const final = await statusOf(runId, { cwd: dir, env });
      expect(final.status).toBe('succeeded');
      expect(final.steps.map((step) => step.status)).toEqual(DELIVERY_STEPS.map(() => 'succeeded'));

      const all = stepsRequested(fake.requests);
      const afterResume = stepsRequested(fake.requests.slice(requestsBeforeResume));
      expect(all).not.toContain('?');
      for (const id of DELIVERY_STEPS) {
        if (succeeded.includes(id)) {
          // Called once, before the kill, and never again.
          expect(countOf(all, id), id).toBe(1);
          expect(countOf(afterResume, id), id).toBe(0);
        } else {
          expect(countOf(afterResume, id), id).toBe(1);
        }
      }

      // The same workflow uninterrupted, in a project of its own, ends with the same outputs.
      const fresh = await start();
      const other = await project('uninterrupted', fresh);
      writeFileSync(join(other.dir, 'delivery.yaml'), DELIVERY);
      const straight = await cli(
        ['workflow', 'run', 'delivery.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
        { cwd: other.dir, env: other.env },
      );
      expect(straight.code, straight.stderr).toBe(0);
      const reference = JSON.parse(straight.stdout) as StatusJson;
      expect(reference.status).toBe('succeeded');
      expect([...stepsRequested(fresh.requests)].sort()).toEqual([...DELIVERY_STEPS].sort());
      const outputs = (status: StatusJson): Record<string, string | null> =>
        Object.fromEntries(status.steps.map((step) => [step.id, step.output]));
      expect(outputs(final)).toEqual(outputs(reference));
      expect(outputs(final).notes).toMatch(/^echo: STEP-notes:/);
    } finally {
      db.close();
    }
  }, 45_000);

  it('cancels a running workflow from another process; resume then completes it', async () => {
    // Replies that never come in time: the steps are in flight when the cancel arrives.
    const slow = await start({ latencyMs: 60_000 });
    const { dir, env } = await project('cancelled', slow);
    writeFileSync(
      join(dir, 'fan.yaml'),
      `version: 1
name: fan
steps:
  - id: left
    agent: engineer
    task: "STEP-left: build the left half"
  - id: right
    agent: qa
    task: "STEP-right: test the right half"
  - id: join
    agent: code-reviewer
    needs: [left, right]
    task: "STEP-join: review {{steps.left.output}} with {{steps.right.output}}"
`,
    );
    const first = background(['workflow', 'run', 'fan.yaml', '--provider', 'anthropic'], {
      cwd: dir,
      env,
    });
    // Both calls have arrived, so the run is inside the scheduler with its signal handlers set.
    await until(
      () => (slow.stats.totalRequests >= 2 ? true : undefined),
      15_000,
      'both first steps to call the model',
    );
    const db = stateDb(dir);
    try {
      const runId = latestRunId(db);
      if (runId === undefined) throw new Error('the run was not recorded');
      const started = performance.now();
      const cancel = await cli(['workflow', 'cancel', runId], { cwd: dir, env });
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(cancel.stdout).toContain('stopped (cancelled)');
      const stopped = await first.exited;
      // The calls in flight were aborted, not waited for.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(stopped.code).toBe(2);
      expect(stopped.stderr).toContain(`workflow resume ${runId}`);
      const status = await statusOf(runId, { cwd: dir, env });
      expect(status.status).toBe('cancelled');
      expect(status.steps.map((step) => step.status)).not.toContain('running');
      expect(status.steps.map((step) => step.status)).toEqual(['pending', 'pending', 'pending']);

      // Resume against an answering API.
      const fast = await start();
      const resumed = await cli(['workflow', 'resume', runId, '--json'], {
        cwd: dir,
        env: { ...env, ANTHROPIC_BASE_URL: fast.baseUrl },
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      const final = JSON.parse(resumed.stdout) as StatusJson;
      expect(final.status).toBe('succeeded');
      expect(final.steps.map((step) => step.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(stepsRequested(fast.requests).sort()).toEqual(['join', 'left', 'right']);
    } finally {
      db.close();
    }
  }, 30_000);

  it('refuses bad workflow files with one line naming the file and line, calling nothing', async () => {
    const fake = await start();
    const { dir, env } = await project('bad', fake);
    const header = 'version: 1\nname: bad\nsteps:\n';
    const cases: { name: string; yaml: string; line: number; says: RegExp }[] = [
      {
        name: 'cycle',
        yaml: `${header}  - id: a\n    agent: engineer\n    needs: b\n    task: do a\n  - id: b\n    agent: qa\n    needs: a\n    task: do b\n`,
        line: 6,
        says: /cycle: a → b → a/,
      },
      {
        name: 'missing-step',
        yaml: `${header}  - id: a\n    agent: engineer\n    task: do a\n  - id: b\n    agent: qa\n    needs: [a, nope]\n    task: do b\n`,
        line: 9,
        says: /needs "nope", which is not a step/,
      },
      {
        name: 'unknown-agent',
        yaml: `${header}  - id: a\n    agent: enginer\n    task: do a\n`,
        line: 5,
        says: /unknown agent "enginer"; closest: engineer/,
      },
      {
        name: 'unknown-template-variable',
        yaml: `${header}  - id: a\n    agent: engineer\n    task: do a\n  - id: b\n    agent: qa\n    needs: a\n    task: "check {{steps.a.outptu}}"\n`,
        line: 10,
        says: /steps\.a\.outptu/,
      },
      {
        name: 'undeclared-input',
        yaml: `${header}  - id: a\n    agent: engineer\n    task: "do {{inputs.goal}}"\n`,
        line: 6,
        says: /inputs\.goal is not a declared input/,
      },
      {
        name: 'malformed',
        yaml: `${header}  - id: a\n    agent: engineer\n    task: do a\n   oops: x\n`,
        line: 7,
        says: /invalid YAML/,
      },
    ];
    for (const bad of cases) {
      const file = join(dir, `${bad.name}.yaml`);
      writeFileSync(file, bad.yaml);
      const result = await cli(['workflow', 'run', file, '--provider', 'anthropic'], {
        cwd: dir,
        env,
      });
      expect(result.code, bad.name).toBe(2);
      expect(result.stdout, bad.name).toBe('');
      const errors = result.stderr.split('\n').filter((line) => line.startsWith('error'));
      expect(errors, bad.name).toHaveLength(1);
      expect(errors[0], bad.name).toContain(`error[workflow.invalid]: ${file}:${bad.line}: `);
      expect(errors[0], bad.name).toMatch(bad.says);
    }
    expect(fake.stats.totalRequests).toBe(0);
    const runs = await cli(['workflow', 'runs', '--json'], { cwd: dir, env });
    expect(JSON.parse(runs.stdout)).toEqual({ runs: [] });

    const unknown = await cli(['workflow', 'resume', 'nosuchrun'], { cwd: dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[workflow\.unknown_run\]: no workflow run "nosuchrun"/);

    writeFileSync(
      join(dir, 'one.yaml'),
      `${header}  - id: only\n    agent: engineer\n    task: "STEP-only: do it"\n`,
    );
    const done = await cli(['workflow', 'run', 'one.yaml', '--provider', 'anthropic', '--json'], {
      cwd: dir,
      env,
    });
    expect(done.code, done.stderr).toBe(0);
    const { runId } = JSON.parse(done.stdout) as StatusJson;
    const again = await cli(['workflow', 'resume', runId], { cwd: dir, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      new RegExp(`^error\\[workflow\\.finished\\]: run ${runId} already succeeded`),
    );
    expect(fake.stats.totalRequests).toBe(1);
  }, 30_000);

  it('refuses a run whose provider cannot be used before recording it (no key)', async () => {
    const fake = await start();
    const { dir, env } = await project('keyless', fake);
    const keyless = { ...env, ANTHROPIC_API_KEY: undefined };
    writeFileSync(
      join(dir, 'one.yaml'),
      'version: 1\nname: one\nsteps:\n  - id: only\n    agent: engineer\n    task: "STEP-only: do it"\n',
    );
    const refused = await cli(['workflow', 'run', 'one.yaml', '--provider', 'anthropic'], {
      cwd: dir,
      env: keyless,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error\[provider\.no_key\]: ANTHROPIC_API_KEY is not set/);
    expect(refused.stderr).not.toContain('resume with');
    const none = await cli(['workflow', 'runs', '--json'], { cwd: dir, env });
    expect(JSON.parse(none.stdout)).toEqual({ runs: [] });

    // A failed run resumed with a provider it cannot use is refused and stays resumable.
    const failing = await start({ allowedApiKeys: ['another-key'] });
    const failed = await cli(['workflow', 'run', 'one.yaml', '--provider', 'anthropic', '--json'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_BASE_URL: failing.baseUrl },
    });
    expect(failed.code).toBe(1);
    const { runId } = JSON.parse(failed.stdout) as StatusJson;
    const resumed = await cli(['workflow', 'resume', runId, '--provider', 'anthropic'], {
      cwd: dir,
      env: keyless,
    });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/^error\[provider\.no_key\]/);
    const after = await cli(['workflow', 'resume', runId, '--json'], { cwd: dir, env });
    expect(after.code, after.stderr).toBe(0);
    expect(fake.stats.totalRequests).toBe(1);
  }, 30_000);
});
