import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledModelTable, costOf } from '../src/models/index.js';
import { CONFIDENT_AT } from '../src/routing/index.js';
import { createHybrid } from '../src/index.js';
import { runBuilt, runInProcess, tempProject } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { FakeAnthropic } from './support/fake-anthropic.js';
import { routingQuestion, routingReply } from './support/routing-reply.js';

const start = fakeStarter();
const HAIKU = bundledModelTable().tiers.haiku;

/**
 * Three agents of our own (no bundled ones), so what the router is sure of does not move with
 * the bundled agents: "build something new" matches both builders alike (unsure), "write a
 * tutorial guide for the docs" only the writer (sure).
 */
const AGENTS = {
  'web-builder': ['Builds web pages, forms and components for the browser.', 'html, css, page'],
  'api-builder': ['Builds HTTP APIs, endpoints and server handlers.', 'endpoint, rest, server'],
  'doc-writer': ['Writes guides, tutorials and reference documentation.', 'docs, guide, tutorial'],
} as const;
const UNSURE = 'build something new';
const SURE = 'write a tutorial guide for the docs';

interface RouteJson {
  readonly agent: string;
  readonly confidence: number;
  readonly via: string;
  readonly alternatives: readonly { readonly agent: string }[];
  readonly reasons: readonly string[];
  readonly routingCall: {
    readonly model: string;
    readonly provider: string;
    readonly candidates: readonly string[];
    readonly answer: string;
    readonly usage: { readonly inputTokens: number; readonly cacheReadTokens: number };
    readonly costUsd: number;
    readonly cached: boolean;
  } | null;
  readonly warnings: readonly string[];
}

describe('routing.llm', () => {
  let project: ReturnType<typeof tempProject>;
  let agentsDir: string;
  beforeEach(() => {
    project = tempProject();
    agentsDir = join(project.dir, 'my-agents');
    mkdirSync(agentsDir);
    for (const [name, [description, keywords]] of Object.entries(AGENTS))
      writeFileSync(
        join(agentsDir, `${name}.md`),
        `---\nname: ${name}\ndescription: ${description}\nkeywords: [${keywords}]\n---\nYou are ${name}.\n`,
      );
  });
  afterEach(() => {
    project.cleanup();
  });

  const envFor = (fake: FakeAnthropic, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...project.env,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: fake.baseUrl,
    ...extra,
  });
  const route = (
    task: string,
    env: NodeJS.ProcessEnv,
    flags: readonly string[] = [],
  ): Promise<CliResult> =>
    runInProcess(['route', task, '--agents-dir', agentsDir, '--no-bundled', '--json', ...flags], {
      cwd: project.dir,
      env,
    });
  const parsed = (result: CliResult): RouteJson => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as RouteJson;
  };

  it('is off by default: route sends nothing, however unsure the router is', async () => {
    const fake = await start();
    const plain = parsed(await route(UNSURE, envFor(fake)));
    expect(plain.confidence).toBeLessThan(CONFIDENT_AT);
    expect(plain).toMatchObject({ via: 'index', routingCall: null });
    // --no-llm-route wins over config auto, and still nothing is sent.
    const off = parsed(
      await route(UNSURE, envFor(fake, { CLAUDE_HYBRID_ROUTING_LLM: 'auto' }), ['--no-llm-route']),
    );
    expect(off.routingCall).toBeNull();
    expect(fake.requests).toHaveLength(0);
  });

  it("sends an unsure task to the model's choice among the candidates, and shows the call", async () => {
    const fake = await start({
      defaultReply: routingReply((question) => question.candidates.at(-1) ?? ''),
    });
    const plain = parsed(await route(UNSURE, envFor(fake), ['--no-llm-route']));
    const routed = parsed(await route(UNSURE, envFor(fake, { CLAUDE_HYBRID_ROUTING_LLM: 'auto' })));
    const candidates = plain.alternatives.map((alternative) => alternative.agent);
    expect(candidates.length).toBeGreaterThan(1);
    const chosen = candidates.at(-1) ?? '';
    expect(chosen).not.toBe(plain.agent);
    expect(routed.agent).toBe(chosen);
    expect(routed.via).toBe('llm');
    expect(routed.alternatives).toEqual(plain.alternatives);
    expect(routed.reasons[0]).toContain(`${HAIKU} chose ${chosen} among ${candidates.join(', ')}`);
    // The request: the haiku tier, the catalogue of every agent as a cached system block, then
    // the task and the candidates.
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]?.body ?? {};
    expect(body['model']).toBe(HAIKU);
    const system = body['system'] as readonly { text: string; cache_control?: unknown }[];
    expect(system).toHaveLength(1);
    expect(system[0]?.cache_control).toEqual({ type: 'ephemeral' });
    for (const name of Object.keys(AGENTS)) expect(system[0]?.text).toContain(`${name}: `);
    expect(routingQuestion(body)).toEqual({ task: UNSURE, candidates });
    // The JSON shows the call: model, usage and its exact cost.
    const call = routed.routingCall;
    expect(call).toMatchObject({ model: HAIKU, provider: 'anthropic', candidates, answer: chosen });
    expect(call?.cached).toBe(false);
    expect(call?.usage.inputTokens).toBeGreaterThan(0);
    const info = bundledModelTable().models[HAIKU];
    if (info === undefined) throw new Error(`no ${HAIKU} in the bundled table`);
    expect(call?.costUsd).toBeCloseTo(
      costOf(call?.usage as Parameters<typeof costOf>[0], info),
      12,
    );
    expect(call?.costUsd).toBeGreaterThan(0);
  });

  it('never calls the model for a confident task', async () => {
    const fake = await start({ defaultReply: routingReply(() => 'web-builder') });
    const sure = parsed(await route(SURE, envFor(fake), ['--llm-route']));
    expect(sure.confidence).toBeGreaterThanOrEqual(CONFIDENT_AT);
    expect(sure).toMatchObject({ agent: 'doc-writer', via: 'index', routingCall: null });
    expect(fake.requests).toHaveLength(0);
  });

  it("keeps the router's choice when the model names no candidate, and says why", async () => {
    const fake = await start({ defaultReply: routingReply(() => 'security-auditor') });
    const plain = parsed(await route(UNSURE, envFor(fake)));
    const routed = parsed(await route(UNSURE, envFor(fake), ['--llm-route']));
    expect(routed).toMatchObject({ agent: plain.agent, via: plain.via });
    expect(routed.reasons[0]).toBe(
      `the model answered "security-auditor", which is not one of the candidates; kept the router's choice ${plain.agent}`,
    );
    expect(routed.routingCall?.answer).toBe('security-auditor');
    const explained = await runInProcess(
      ['route', UNSURE, '--agents-dir', agentsDir, '--no-bundled', '--llm-route', '--explain'],
      { cwd: project.dir, env: envFor(fake) },
    );
    expect(explained.stdout).toContain('not one of the candidates');
  });

  it('answers an identical request from the cache, and sends the same cached prefix for another', async () => {
    const fake = await start({
      defaultReply: routingReply((question) => question.candidates[1] ?? ''),
    });
    const env = envFor(fake);
    const first = parsed(await route(UNSURE, env, ['--llm-route']));
    const again = parsed(await route(UNSURE, env, ['--llm-route']));
    expect(again.agent).toBe(first.agent);
    expect(again.routingCall).toMatchObject({ cached: true, costUsd: 0 });
    expect(fake.requests).toHaveLength(1);
    // Another unsure task: a new request whose system block is byte for byte the first's, so
    // the provider serves it from its prompt cache.
    const other = parsed(await route('new build', env, ['--llm-route']));
    expect(other.via).toBe('llm');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.body?.['system']).toEqual(fake.requests[0]?.body?.['system']);
    expect(other.routingCall?.usage.cacheReadTokens).toBeGreaterThan(0);
  });

  it('says in --explain that the model chose, and among which', async () => {
    const fake = await start({ defaultReply: routingReply(() => 'web-builder') });
    const result = await runInProcess(
      ['route', UNSURE, '--agents-dir', agentsDir, '--no-bundled', '--llm-route', '--explain'],
      { cwd: project.dir, env: envFor(fake) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('web-builder  confidence');
    expect(result.stdout).toMatch(/llm\n/);
    expect(result.stdout).toContain(`${HAIKU} chose web-builder among api-builder, web-builder`);
    expect(result.stdout).toContain('routing call:');
  });

  it('keeps the router on sim, without a provider, or with one that cannot take the call', async () => {
    const sim = parsed(await route(UNSURE, project.env, ['--llm-route', '--provider', 'sim']));
    expect(sim.reasons[0]).toContain('the sim provider simulates answers');
    expect(sim.routingCall).toMatchObject({ provider: 'sim', costUsd: 0 });
    const result = await route(UNSURE, { ...project.env, PATH: '' }, ['--llm-route']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as RouteJson;
    expect(json).toMatchObject({ via: 'index', routingCall: null });
    expect(json.warnings[0]).toMatch(/^llm routing skipped: engine\.no_provider/);
    const claudeCode = parsed(
      await route(UNSURE, project.env, ['--llm-route', '--provider', 'claude-code']),
    );
    expect(claudeCode.routingCall).toBeNull();
    expect(claudeCode.warnings[0]).toMatch(/^llm routing skipped: routing\.llm_unavailable/);
    expect((await route(UNSURE, project.env, ['--provider', 'nope'])).code).toBe(2);
  });

  it("counts the routing call in a run's cost and result", async () => {
    const fake = await start({
      defaultReply: routingReply((question) => question.candidates.at(-1) ?? ''),
    });
    const env = envFor(fake);
    expect((await runInProcess(['init'], { cwd: project.dir, env })).code).toBe(0);
    const result = await runInProcess(
      ['run', UNSURE, '--agents-dir', agentsDir, '--no-bundled', '--llm-route', '--json'],
      { cwd: project.dir, env },
    );
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as {
      agent: string;
      costUsd: number;
      usage: Parameters<typeof costOf>[0];
      model: string;
      routing: NonNullable<RouteJson['routingCall']>;
    };
    expect(fake.requests).toHaveLength(2);
    expect(run.agent).toBe(run.routing.answer);
    expect(run.routing.model).toBe(HAIKU);
    const info = bundledModelTable().models[run.model];
    if (info === undefined) throw new Error(`no ${run.model} in the bundled table`);
    expect(run.routing.costUsd).toBeGreaterThan(0);
    expect(run.costUsd).toBeCloseTo(costOf(run.usage, info) + run.routing.costUsd, 12);
    // The recorded run (what stats reads) carries the same total.
    const events = await runInProcess(['events', 'list', '--json'], { cwd: project.dir, env });
    const { events: recorded } = JSON.parse(events.stdout) as {
      events: { type: string; payload: { costUsd: number } }[];
    };
    const completed = recorded.find((event) => event.type === 'run.completed');
    expect(completed?.payload.costUsd).toBeCloseTo(run.costUsd, 12);
  });

  it('is a library option on route and run', async () => {
    const fake = await start({ defaultReply: routingReply(() => 'web-builder') });
    const env = envFor(fake);
    expect((await runInProcess(['init'], { cwd: project.dir, env })).code).toBe(0);
    writeFileSync(
      join(project.dir, '.claude-hybrid', 'config.yaml'),
      'version: 1\nagents:\n  bundled: false\n  paths: [my-agents]\n',
    );
    const hybrid = await createHybrid({ cwd: project.dir, env });
    try {
      expect(await hybrid.route(UNSURE)).toMatchObject({ via: 'index', routingCall: null });
      expect(fake.requests).toHaveLength(0);
      const routed = await hybrid.route(UNSURE, { llmRoute: true });
      expect(routed).toMatchObject({ agent: 'web-builder', via: 'llm' });
      expect(routed.routingCall?.model).toBe(HAIKU);
      const run = await hybrid.run(UNSURE, { llmRoute: true, cache: false });
      expect(run.agent).toBe('web-builder');
      expect(run.routing?.answer).toBe('web-builder');
      await expect(hybrid.run(UNSURE, { llmRoute: 'yes' as unknown as boolean })).rejects.toThrow(
        'run options.llmRoute must be true or false',
      );
    } finally {
      await hybrid.close();
    }
  });

  it('loads the engine for the call from the built CLI', async () => {
    const fake = await start({ defaultReply: routingReply(() => 'web-builder') });
    const result = await runBuilt(
      ['route', UNSURE, '--agents-dir', agentsDir, '--no-bundled', '--llm-route', '--json'],
      { cwd: project.dir, env: envFor(fake) },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ agent: 'web-builder', via: 'llm' });
  });
});
