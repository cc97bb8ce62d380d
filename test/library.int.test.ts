import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Library from '../src/index.js';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { waitFor } from './support/wait.js';

// The built package, as users import it: the ESM entry, and the CommonJS one through require.
const esmEntry = new URL('../dist/index.mjs', import.meta.url).href;
const library = (await import(esmEntry)) as typeof Library; // dist/index.mjs is built from src/index.ts
const commonJs = createRequire(import.meta.url)('../dist/index.cjs') as typeof Library; // the same, built as CommonJS
const start = fakeStarter();

let project: ReturnType<typeof tempProject>;
const open: Library.Hybrid[] = [];
beforeEach(async () => {
  project = tempProject();
  expect((await runBuilt(['init'], { cwd: project.dir, env: project.env })).code).toBe(0);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((hybrid) => hybrid.close()));
  project.cleanup();
});

async function hybridFor(options: Library.HybridOptions = {}): Promise<Library.Hybrid> {
  const hybrid = await library.createHybrid({
    cwd: project.dir,
    env: project.env,
    provider: 'sim',
    ...options,
  });
  open.push(hybrid);
  return hybrid;
}

/** The rejection of `promise`, which must be a HybridError with `code`. */
async function rejection(promise: Promise<unknown>, code: string): Promise<Library.HybridError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(library.HybridError);
  expect(error).toMatchObject({ code });
  return error as Library.HybridError; // checked just above
}

describe('createHybrid', () => {
  it('routes, runs, streams and records runs in the same project store as the CLI', async () => {
    const hybrid = await hybridFor();
    const route = await hybrid.route('write unit tests for the date parser');
    expect(route).toMatchObject({ agent: 'qa', via: 'index', tier: 'sonnet' });
    const events: string[] = [];
    const result = await hybrid.run('write unit tests for the date parser', {
      onEvent: (event) => events.push(event.type),
    });
    expect(result).toMatchObject({ agent: 'qa', provider: 'sim', simulated: true, cached: false });
    expect(result.output).toContain('[simulated]');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(events).toEqual(['run.started', 'run.completed']);
    let text = '';
    let final: Library.RunResult | undefined;
    for await (const chunk of hybrid.stream('explain the retry policy', { cache: false })) {
      if (chunk.type === 'text') text += chunk.text;
      else final = chunk.result;
    }
    expect(final?.output).toBe(text);
    await hybrid.close();
    const listed = await runBuilt(['events', 'list', '--type', 'run.completed', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    const stored = (JSON.parse(listed.stdout) as { events: { source: string; run: string }[] })
      .events;
    expect(stored.map((event) => event.source)).toEqual(['library', 'library']);
    expect(stored.map((event) => event.run)).toContain(result.runId);
  });

  it('runs a bundled workflow to the end and reports its status', async () => {
    const hybrid = await hybridFor();
    const steps: string[] = [];
    const run = await hybrid.workflows.run(
      'code-review',
      { change: 'PR #42' },
      { onStep: (event) => steps.push(`${event.type} ${event.stepId}`) },
    );
    expect(run.status).toBe('succeeded');
    expect(run.steps.every((step) => step.status === 'succeeded')).toBe(true);
    expect(steps.filter((step) => step.startsWith('step.completed'))).toHaveLength(
      run.steps.length,
    );
    expect(await hybrid.workflows.status(run.runId)).toEqual(run);
    expect((await hybrid.workflows.list()).map((listed) => listed.runId)).toEqual([run.runId]);
    const available = await hybrid.workflows.available();
    expect(available.map((workflow) => workflow.name)).toEqual([
      'code-review',
      'feature-delivery',
      'incident-triage',
    ]);
    expect(available[0]).toMatchObject({
      scope: 'bundled',
      problems: [],
      inputs: [{ name: 'change', required: true, default: null }],
    });
    // A project workflow of the same name shadows the bundled one, and a broken one says why.
    mkdirSync(join(project.dir, '.claude-hybrid', 'workflows'), { recursive: true });
    writeFileSync(
      join(project.dir, '.claude-hybrid', 'workflows', 'code-review.yaml'),
      'steps: 3\n',
    );
    const shadowed = (await hybrid.workflows.available()).find((w) => w.name === 'code-review');
    expect(shadowed).toMatchObject({ scope: 'project', steps: 0 });
    expect(shadowed?.problems.length).toBeGreaterThan(0);
    await rejection(hybrid.workflows.resume(run.runId), 'workflow.finished');
    await rejection(hybrid.workflows.run('code-reviw'), 'workflow.unknown');
  });

  it('adds and searches memory, and lists agents', async () => {
    const hybrid = await hybridFor();
    expect(await hybrid.memory.add('qa', 'Use vitest, not jest')).toEqual({
      status: 'added',
      reason: null,
    });
    const hits = await hybrid.memory.search('vitest');
    expect(hits).toMatchObject([{ agent: 'qa', content: 'Use vitest, not jest' }]);
    expect(hits[0]?.score).toBeGreaterThan(0);
    const error = await rejection(hybrid.memory.add('qaa', 'x'), 'memory.unknown_agent');
    expect(error.message).toContain('closest: qa');
    const agents = await hybrid.agents.list();
    expect(agents.map((agent) => agent.name)).toContain('qa');
    expect(agents.find((agent) => agent.name === 'qa')).toMatchObject({ scope: 'bundled' });
  });

  it('lists, deploys and undeploys skills, and refuses bad options and unknown names', async () => {
    const hybrid = await hybridFor();
    const skills = await hybrid.skills.list();
    expect(skills.find((skill) => skill.name === 'review-change')).toMatchObject({
      scope: 'bundled',
      managed: false,
    });
    const dry = await hybrid.skills.deploy({ names: ['review-change'], dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: ['review-change'] });
    const deployed = await hybrid.skills.deploy({ names: ['review-change'] });
    expect(deployed.target).toBe(join(project.dir, '.claude', 'skills'));
    expect((await hybrid.skills.deploy({ names: ['review-change'] })).unchanged).toEqual([
      'review-change',
    ]);
    expect((await hybrid.skills.undeploy()).removed).toEqual(['review-change']);
    await rejection(hybrid.skills.deploy({ names: ['review-chang'] }), 'skills.not_found');
    await rejection(hybrid.skills.deploy({ user: true, target: 'x' }), 'usage');
    await rejection(
      hybrid.skills.deploy({ names: 'review-change' } as unknown as Library.SkillDeployOptions),
      'engine.invalid_options',
    );
  });

  it('lists memory, sums the recorded runs, and reads recent events and the cache counters', async () => {
    const hybrid = await hybridFor();
    await hybrid.memory.add('qa', 'Use vitest, not jest');
    await hybrid.memory.add('project', 'Invoices use ULIDs', { section: 'Decisions' });
    expect(await hybrid.memory.list({ agent: 'qa' })).toMatchObject([
      { agent: 'qa', section: 'Notes', content: 'Use vitest, not jest' },
    ]);
    expect((await hybrid.memory.list()).map((entry) => entry.agent).sort()).toEqual([
      'project',
      'qa',
    ]);
    const first = await hybrid.run('write unit tests for the date parser');
    const again = await hybrid.run('write unit tests for the date parser');
    expect(again.cached).toBe(true);
    const stats = await hybrid.stats();
    expect(stats).toMatchObject({ runs: 2, completed: 2, failed: 0, cacheHitRate: 0.5 });
    expect(stats.byAgent.qa?.runs).toBe(2);
    expect((await hybrid.stats({ sinceMs: 60_000 })).runs).toBe(2);
    const events = await hybrid.events.recent({ type: 'run.completed', limit: 1 });
    expect(events).toMatchObject([{ type: 'run.completed', run: again.runId, source: 'library' }]);
    // As `events list --json` prints it: the time as ISO-8601 in `at`, no epoch `ts`.
    expect(events[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(events[0]).not.toHaveProperty('ts');
    expect((await hybrid.events.recent({ run: first.runId })).map((event) => event.type)).toEqual([
      'run.completed',
      'run.started',
    ]);
    const cache = await hybrid.cache.stats();
    expect(cache.hits).toBeGreaterThanOrEqual(1);
    expect(cache.entries).toBeGreaterThanOrEqual(1);
    await rejection(hybrid.events.recent({ limit: 0 }), 'engine.invalid_options');
    await rejection(hybrid.events.recent({ limit: 10_001 }), 'engine.invalid_options');
    await rejection(hybrid.stats({ sinceMs: -1 }), 'engine.invalid_options');
    await rejection(hybrid.memory.list({ agent: 'qaa' }), 'memory.unknown_agent');
  });

  it('refuses bad options, an unknown agent, a closed hybrid and a folder outside a project', async () => {
    const hybrid = await hybridFor();
    await rejection(hybrid.run(''), 'engine.invalid_options');
    await rejection(
      hybrid.run('x', { provider: 'nope' } as unknown as Library.RunOptions), // a JavaScript caller
      'engine.invalid_options',
    );
    await rejection(hybrid.run('x', { maxCostUsd: -1 }), 'engine.invalid_options');
    await rejection(
      hybrid.run('x', { colour: true } as unknown as Library.RunOptions), // an unknown option
      'engine.invalid_options',
    );
    await rejection(hybrid.route('x', { top: 0 }), 'engine.invalid_options');
    await rejection(hybrid.run('x', { agent: 'nobody' }), 'agents.not_found');
    await rejection(
      library.createHybrid({ cwd: 42 } as unknown as Library.HybridOptions), // a JavaScript caller
      'engine.invalid_options',
    );
    await hybrid.close();
    await hybrid.close();
    await rejection(hybrid.run('x'), 'engine.closed');
    await rejection(hybrid.memory.search('x'), 'engine.closed');
    const outside = join(project.dir, '..', 'elsewhere');
    mkdirSync(outside);
    await rejection(
      library.createHybrid({ cwd: outside, env: project.env }),
      'store.not_initialized',
    );
  });

  it('stops a run through its AbortSignal, with run.aborted and nothing recorded as done', async () => {
    const fake = await start({ latencyMs: 5_000 });
    const hybrid = await hybridFor({
      provider: 'anthropic',
      env: { ...project.env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    const controller = new AbortController();
    const running = hybrid.run('explain the retry policy', { signal: controller.signal });
    // Aborted once the request is in flight (the fake holds it for 5 s).
    await waitFor(() => fake.requests.length === 1, 10_000, 10);
    controller.abort();
    const started = performance.now();
    await rejection(running, 'run.aborted');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('shares one project store between two hybrids in one process', async () => {
    const first = await hybridFor();
    const second = await hybridFor();
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 === 0 ? first : second).run(`write unit tests for module ${index}`),
      ),
    );
    expect(new Set(runs.map((run) => run.runId)).size).toBe(10);
    await Promise.all([
      first.memory.add('qa', 'Fixtures live in test/fixtures'),
      second.memory.add('engineer', 'Use pnpm in this repository'),
    ]);
    expect(await first.memory.search('pnpm')).toHaveLength(1);
    expect(await second.memory.search('fixtures')).toHaveLength(1);
    await first.close();
    await second.close();
    const listed = await runBuilt(['events', 'list', '--type', 'run.completed', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect((JSON.parse(listed.stdout) as { events: unknown[] }).events).toHaveLength(10);
  });

  it('is the same library through require, and its errors are one class across both', async () => {
    const hybrid = await commonJs.createHybrid({ cwd: project.dir, env: project.env });
    open.push(hybrid);
    const error: unknown = await hybrid
      .run('x', { provider: 'sim', agent: 'nobody' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(commonJs.HybridError);
    expect(error).toBeInstanceOf(library.HybridError);
    expect(error).toBeInstanceOf(library.AgentError);
    expect(error).not.toBeInstanceOf(library.ProviderError);
    expect(commonJs.isHybridError(error)).toBe(true);
  });
});

describe('hybrid.doctor()', () => {
  it("runs the CLI's checks over the hybrid's project as one report; bad options are refused", async () => {
    const hybrid = await hybridFor();
    const report = await hybrid.doctor();
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.id === 'project')?.detail).toContain(project.dir);
    const required = await hybrid.doctor({ requireKey: true });
    expect(required.ok).toBe(false);
    expect(required.checks.find((check) => check.id === 'api-key')?.status).toBe('fail');
    const cli = await runBuilt(['doctor', '--json'], { cwd: project.dir, env: project.env });
    const ids = (JSON.parse(cli.stdout) as Library.DoctorReport).checks.map((check) => check.id);
    expect(report.checks.map((check) => check.id)).toEqual(ids);
    await rejection(
      hybrid.doctor({ online: 'yes' } as unknown as Library.DoctorOptions), // a JavaScript caller
      'engine.invalid_options',
    );
  });
});
