// Durable workflows: the scheduler's own cost per step (in process, a model-free executor, real
// SQLite checkpoints), the concurrency cap of a wide DAG run through the CLI against the loopback
// fake Messages API, and a run killed with SIGKILL then resumed: no finished step is called again
// and the outputs equal an uninterrupted run's.
import { bundleForBench } from './bundle.mjs';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { median } from './harness.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const execFileAsync = promisify(execFile);

async function loadModules() {
  const file = bundleForBench(
    'workflow',
    "export * from './src/workflow/index.ts'; export { openStore } from './src/store/index.ts'; export { startFakeAnthropic } from './test/support/fake-anthropic.ts';",
    ['@anthropic-ai/sdk', 'better-sqlite3', 'vitest'],
  );
  return import(file);
}

/** `layers` layers of `width` steps; each step needs three of the layer above and quotes one. */
function layeredDag({ layers, width, maxConcurrency }) {
  const lines = ['version: 1', 'name: wide', `maxConcurrency: ${maxConcurrency}`, 'steps:'];
  const agents = ['engineer', 'qa', 'research', 'code-reviewer'];
  for (let layer = 0; layer < layers; layer += 1)
    for (let index = 0; index < width; index += 1) {
      const id = `s${layer}-${index}`;
      lines.push(`  - id: ${id}`, `    agent: ${agents[(layer + index) % agents.length]}`);
      if (layer === 0) {
        lines.push(`    task: "STEP-${id}: start part ${index}"`);
        continue;
      }
      const above = [index, (index + 1) % width, (index + 7) % width].map(
        (other) => `s${layer - 1}-${other}`,
      );
      lines.push(
        `    needs: [${above.join(', ')}]`,
        `    task: "STEP-${id}: go on from {{steps.${above[0]}.output}}"`,
      );
    }
  return `${lines.join('\n')}\n`;
}

/** A chain with a fan-out and a fan-in: 8 steps in 6 layers (as test/workflow-resume.int.test.ts). */
const DELIVERY = readFileSync(
  new URL('../test/fixtures/workflow/resume-me.yaml', import.meta.url),
  'utf8',
);

/** Which step each Messages request was for: every task starts with `STEP-<id>:`. */
function stepsRequested(requests) {
  return requests
    .filter((request) => request.path === '/v1/messages')
    .map((request) => {
      const content = request.body?.messages?.at(-1)?.content;
      const text =
        typeof content === 'string'
          ? content
          : Array.isArray(content)
            ? content.map((block) => block.text ?? '').join('')
            : '';
      return /^STEP-([\w-]+):/.exec(text)?.[1] ?? '?';
    });
}

/** An initialised project in the temp home, and the env to reach `fake`: CLI options. */
async function project(home, name, fake) {
  const dir = join(home, name);
  mkdirSync(dir);
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_HYBRID_HOME: join(home, '.claude-hybrid'),
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: fake.baseUrl,
  };
  await cli(['init'], { cwd: dir, env });
  return { cwd: dir, env };
}

/** The built CLI, asynchronously (the in-process fake must answer it); throws unless exit 0. */
async function cli(argv, options) {
  const { stdout } = await execFileAsync(process.execPath, [CLI, ...argv], {
    ...options,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function until(condition, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

const outputsOf = (status) =>
  Object.fromEntries(status.steps.map((step) => [step.id, step.output]));

export async function workflow() {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const modules = await loadModules();
  const { CheckpointStore, openStore, parseWorkflow, runWorkflow, startFakeAnthropic } = modules;
  const { validateWorkflow } = modules;
  const results = [];
  const home = mkdtempSync(join(tmpdir(), 'claude-hybrid-bench-workflow-'));
  try {
    // Scheduler overhead: 100 steps, an executor that answers at once, real checkpoints.
    const steps = 100;
    const parsed = parseWorkflow(
      layeredDag({ layers: 5, width: 20, maxConcurrency: 8 }),
      'overhead',
    );
    const { compiled, issues } = validateWorkflow(parsed.definition);
    if (compiled === undefined) throw new Error(`bench DAG is invalid: ${issues[0]?.message}`);
    const store = openStore({ path: join(home, 'overhead', 'state.db') });
    const checkpoints = new CheckpointStore(store.db);
    const result = {
      agent: 'engineer',
      model: 'instant',
      output: 'ok',
      usage: { inputTokens: 10, outputTokens: 2, cacheWriteTokens: 0, cacheReadTokens: 0 },
      costUsd: 0,
      attempts: 1,
      cached: false,
      durationMs: 0,
    };
    const executor = {
      estimate: () => 0,
      contextWindow: () => 200_000,
      execute: async () => result,
    };
    const perStep = [];
    try {
      for (let round = 0; round < 13; round += 1) {
        const id = `bench-${round}`;
        const start = performance.now();
        checkpoints.createRun({
          id,
          file: 'overhead.yaml',
          definition: compiled.definition,
          inputs: {},
          options: { provider: undefined, model: undefined },
          pid: process.pid,
        });
        const outcome = await runWorkflow({
          workflow: compiled,
          runId: id,
          inputs: {},
          store: checkpoints,
          executor,
        });
        const elapsed = performance.now() - start;
        if (outcome.status !== 'succeeded') throw new Error(`overhead run ${outcome.status}`);
        if (round >= 3) perStep.push(elapsed / steps);
      }
    } finally {
      store.close();
    }
    results.push({
      name: 'engine.workflow.scheduler.per-step',
      value: median(perStep),
      unit: 'ms',
      min: Math.min(...perStep),
      max: Math.max(...perStep),
      runs: perStep.length,
      steps,
      target: '<= 2 ms',
      pass: median(perStep) <= 2,
    });

    // A 100-step DAG of width 20 through the CLI: never more calls at once than maxConcurrency.
    // With zero latency the CLI's own per-step work outlasts each call, so calls rarely overlap;
    // at 20 ms per reply they do, and the cap is what holds them at 8.
    const maxConcurrency = 8;
    for (const latencyMs of [0, 20]) {
      const wide = await startFakeAnthropic({ latencyMs });
      try {
        const options = await project(home, `wide-${latencyMs}`, wide);
        writeFileSync(
          join(options.cwd, 'wide.yaml'),
          layeredDag({ layers: 5, width: 20, maxConcurrency }),
        );
        const start = performance.now();
        const status = JSON.parse(
          await cli(
            ['workflow', 'run', 'wide.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
            options,
          ),
        );
        const seconds = (performance.now() - start) / 1000;
        const succeeded = status.steps.filter((step) => step.status === 'succeeded').length;
        results.push({
          name: `engine.workflow.dag100.max-in-flight.${latencyMs}ms`,
          value: wide.stats.maxInFlight,
          unit: 'requests',
          maxConcurrency,
          latencyMs,
          succeeded,
          calls: wide.stats.byPath['/v1/messages'] ?? 0,
          seconds,
          stepsPerSecond: steps / seconds,
          target: `<= ${maxConcurrency}, ${steps}/${steps} succeeded`,
          pass:
            wide.stats.maxInFlight <= maxConcurrency &&
            succeeded === steps &&
            status.status === 'succeeded',
        });
      } finally {
        await wide.close();
      }
    }

    // SIGKILL after three steps succeed, then resume: no finished step is called again.
    const slow = await startFakeAnthropic({ latencyMs: 200 });
    const straightFake = await startFakeAnthropic();
    try {
      const killed = await project(home, 'killed', slow);
      writeFileSync(join(killed.cwd, 'delivery.yaml'), DELIVERY);
      const child = spawn(
        process.execPath,
        [CLI, 'workflow', 'run', 'delivery.yaml', '--provider', 'anthropic', '--no-cache'],
        { cwd: killed.cwd, env: killed.env, detached: true, stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const dbFile = join(killed.cwd, '.claude-hybrid', 'state.db');
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      let succeededAtKill;
      let runId;
      try {
        runId = await until(
          () => db.prepare('SELECT id FROM workflow_runs LIMIT 1').get()?.id,
          10_000,
          'the run to be recorded',
        );
        const succeededSteps = () =>
          db
            .prepare("SELECT step_id FROM workflow_steps WHERE run_id = ? AND status = 'succeeded'")
            .all(runId)
            .map((row) => row.step_id);
        await until(
          () => (succeededSteps().length >= 3 ? true : undefined),
          15_000,
          'three steps to succeed',
        );
        process.kill(-child.pid, 'SIGKILL');
        await exited;
        succeededAtKill = succeededSteps();
      } finally {
        db.close();
        if (child.exitCode === null && child.signalCode === null)
          process.kill(-child.pid, 'SIGKILL');
      }
      const before = slow.requests.length;
      const resumed = JSON.parse(
        await cli(['workflow', 'resume', runId, '--no-cache', '--json'], killed),
      );
      const afterResume = stepsRequested(slow.requests.slice(before));
      const repeated = afterResume.filter((id) => succeededAtKill.includes(id)).length;
      const straightProject = await project(home, 'straight', straightFake);
      writeFileSync(join(straightProject.cwd, 'delivery.yaml'), DELIVERY);
      const straight = JSON.parse(
        await cli(
          ['workflow', 'run', 'delivery.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
          straightProject,
        ),
      );
      const equal =
        resumed.status === 'succeeded' &&
        straight.status === 'succeeded' &&
        JSON.stringify(outputsOf(resumed)) === JSON.stringify(outputsOf(straight));
      results.push({
        name: 'engine.workflow.resume.repeated-requests',
        value: repeated,
        unit: 'requests',
        succeededAtKill: succeededAtKill.length,
        requestedAfterResume: afterResume.length,
        steps: resumed.steps.length,
        target: '0',
        pass: repeated === 0 && resumed.status === 'succeeded',
      });
      results.push({
        name: 'engine.workflow.resume.outputs-equal',
        value: equal ? 1 : 0,
        unit: 'bool',
        target: '1 (true)',
        pass: equal,
      });
    } finally {
      await Promise.all([slow.close(), straightFake.close()]);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}
