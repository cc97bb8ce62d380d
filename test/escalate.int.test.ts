import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Library from '../src/index.js';
import { bundledModelTable, costOf } from '../src/models/index.js';
import type { ModelInfo, Usage } from '../src/models/index.js';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { FakeAnthropic, ScriptedReply } from './support/fake-anthropic.js';

// Escalation on evidence, end to end through the built package: the fake Messages API answers
// by model, so a test says which tier fails its check and sees which models were asked.

const esmEntry = new URL('../dist/index.mjs', import.meta.url).href;
const library = (await import(esmEntry)) as typeof Library; // dist/index.mjs is built from src/index.ts
const start = fakeStarter();

const table = bundledModelTable();
const HAIKU = table.tiers.haiku;
const SONNET = table.tiers.sonnet;
const OPUS = table.tiers.opus;
const info = (model: string): ModelInfo => {
  const found = table.models[model];
  if (found === undefined) throw new Error(`no ${model} in the bundled table`);
  return found;
};

/** A fake whose `failing` model answers `bad`, and every other model `good`. */
async function fakeWhere(
  failing: string,
  bad: ScriptedReply,
  good: ScriptedReply = { text: 'the whole answer' },
): Promise<FakeAnthropic> {
  return start({ defaultReply: (body) => (body.model === failing ? bad : good) });
}

const modelsAsked = (fake: FakeAnthropic): unknown[] =>
  fake.requests.filter((request) => request.path === '/v1/messages').map((r) => r.body?.model);

const CUT_OFF: ScriptedReply = { text: 'the first half of', stopReason: 'max_tokens' };
const REFUSED: ScriptedReply = { text: '', stopReason: 'refusal' };

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

function envFor(fake: FakeAnthropic): NodeJS.ProcessEnv {
  return { ...project.env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
}

async function hybridOn(fake: FakeAnthropic): Promise<Library.Hybrid> {
  const hybrid = await library.createHybrid({
    cwd: project.dir,
    env: envFor(fake),
    provider: 'anthropic',
  });
  open.push(hybrid);
  return hybrid;
}

const usageTotal = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
});

describe('run with escalate (library)', () => {
  it('asks sonnet once when haiku is cut off at max_tokens, and sums both calls', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF);
    const hybrid = await hybridOn(fake);
    const events: Library.HybridRunEvent[] = [];
    const result = await hybrid.run('explain the retry policy', {
      model: 'haiku',
      escalate: true,
      cache: false,
      onEvent: (event) => events.push(event),
    });
    expect(modelsAsked(fake)).toEqual([HAIKU, SONNET]);
    expect(result).toMatchObject({ model: SONNET, output: 'the whole answer', attempts: 2 });
    const escalation = result.escalation;
    if (escalation === null) throw new Error('the run did not escalate');
    expect(escalation).toMatchObject({
      reason: 'max_tokens',
      detail: 'the answer was cut off at max_tokens',
      tier: 'sonnet',
      skipped: null,
      from: { model: HAIKU, stopReason: 'max_tokens', cached: false },
      to: { model: SONNET, stopReason: 'end_turn', cached: false },
    });
    const to = escalation.to;
    if (to === null) throw new Error('no retry recorded');
    // Each call priced at its own model's rates; the result's totals are both.
    expect(escalation.from.costUsd).toBeCloseTo(costOf(escalation.from.usage, info(HAIKU)), 12);
    expect(to.costUsd).toBeCloseTo(costOf(to.usage, info(SONNET)), 12);
    expect(escalation.from.costUsd).toBeGreaterThan(0);
    expect(result.costUsd).toBeCloseTo(escalation.from.costUsd + to.costUsd, 12);
    expect(result.usage).toEqual(usageTotal(escalation.from.usage, to.usage));
    expect(events.map((event) => event.type)).toEqual([
      'run.started',
      'run.escalated',
      'run.completed',
    ]);
    const escalated = events[1];
    expect(escalated?.type === 'run.escalated' && escalated.payload).toMatchObject({
      runId: result.runId,
      stepId: null,
      from: HAIKU,
      to: SONNET,
      tier: 'sonnet',
      reason: 'max_tokens',
      costUsd: escalation.from.costUsd,
    });
    const completed = events[2];
    expect(completed?.type === 'run.completed' && completed.payload.costUsd).toBeCloseTo(
      result.costUsd,
      12,
    );
    // The run's stats count both calls' cost.
    const stats = await hybrid.stats();
    expect(stats.costUsd).toBeCloseTo(result.costUsd, 9);
  });

  it('asks opus once when sonnet refuses', async () => {
    const fake = await fakeWhere(SONNET, REFUSED);
    const hybrid = await hybridOn(fake);
    const result = await hybrid.run('explain the retry policy', {
      model: 'sonnet',
      escalate: true,
      cache: false,
    });
    expect(modelsAsked(fake)).toEqual([SONNET, OPUS]);
    expect(result.model).toBe(OPUS);
    expect(result.escalation).toMatchObject({ reason: 'refusal', tier: 'opus' });
  });

  it('retries nothing with escalation off, and nothing for a good answer with it on', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF, { text: 'fine' });
    const hybrid = await hybridOn(fake);
    const off = await hybrid.run('explain the retry policy', { model: 'haiku', cache: false });
    expect(modelsAsked(fake)).toEqual([HAIKU]);
    expect(off).toMatchObject({ model: HAIKU, stopReason: 'max_tokens', escalation: null });

    const good = await fakeWhere(OPUS, CUT_OFF, { text: 'fine' });
    const other = await hybridOn(good);
    const fine = await other.run('explain the retry policy', {
      model: 'haiku',
      escalate: true,
      cache: false,
    });
    expect(modelsAsked(good)).toEqual([HAIKU]);
    expect(fine).toMatchObject({ model: HAIKU, output: 'fine', escalation: null, attempts: 1 });
    expect(fine.costUsd).toBeCloseTo(costOf(fine.usage, info(HAIKU)), 12);
  });

  it('does not retry opus, the top tier, and says so', async () => {
    const fake = await fakeWhere(OPUS, CUT_OFF);
    const hybrid = await hybridOn(fake);
    const result = await hybrid.run('explain the retry policy', {
      model: 'opus',
      escalate: true,
      cache: false,
    });
    expect(modelsAsked(fake)).toEqual([OPUS]);
    expect(result.model).toBe(OPUS);
    expect(result.escalation).toMatchObject({ reason: 'max_tokens', tier: null, to: null });
    expect(result.escalation?.skipped).toMatch(/top tier/);
  });

  it('does not retry when the retry could go over maxCostUsd', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF);
    const hybrid = await hybridOn(fake);
    // Enough for haiku's estimate, not for haiku's call plus sonnet's upper estimate.
    const result = await hybrid.run('explain the retry policy', {
      model: 'haiku',
      escalate: true,
      cache: false,
      maxCostUsd: 0.005,
    });
    expect(modelsAsked(fake)).toEqual([HAIKU]);
    expect(result.escalation).toMatchObject({ to: null });
    expect(result.escalation?.skipped).toMatch(/budget/);
  });

  it('refuses an escalate option that is not a boolean', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF);
    const hybrid = await hybridOn(fake);
    const error: unknown = await hybrid
      .run('x', { escalate: 'yes' } as unknown as Library.RunOptions) // a JavaScript caller
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'engine.invalid_options' });
    expect((error as Error).message).toContain('escalate must be true or false');
    expect(modelsAsked(fake)).toEqual([]);
  });
});

describe('claude-hybrid run --escalate', () => {
  it('says it escalates on one stderr line, and --json holds both calls', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF);
    const options = { cwd: project.dir, env: envFor(fake) };
    const task = ['run', 'explain the retry policy', '--model', 'haiku', '--provider', 'anthropic'];
    const shown = await runBuilt([...task, '--escalate', '--no-cache'], options);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe('the whole answer\n');
    const lines = shown.stderr.split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('escalating to sonnet: the answer was cut off at max_tokens');
    expect(lines[1]).toContain(SONNET);

    const json = await runBuilt([...task, '--escalate', '--no-cache', '--json'], options);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as Library.RunResult;
    expect(result.escalation).toMatchObject({
      reason: 'max_tokens',
      from: { model: HAIKU },
      to: { model: SONNET },
    });
    expect(result.costUsd).toBeCloseTo(
      (result.escalation?.from.costUsd ?? 0) + (result.escalation?.to?.costUsd ?? 0),
      12,
    );
    expect(modelsAsked(fake)).toEqual([HAIKU, SONNET, HAIKU, SONNET]);

    // The escalations are in the project's event log.
    const listed = await runBuilt(['events', 'list', '--type', 'run.escalated', '--json'], options);
    const stored = (JSON.parse(listed.stdout) as { events: { payload: { to: string } }[] }).events;
    expect(stored.map((event) => event.payload.to)).toEqual([SONNET, SONNET]);

    // Without --escalate, the cut-off answer is the answer.
    const plain = await runBuilt([...task, '--no-cache'], options);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('the first half of\n');
    expect(modelsAsked(fake)).toHaveLength(5);
  });

  it('accepts --escalate with --model opus: no retry, and a line saying why', async () => {
    const fake = await fakeWhere(OPUS, REFUSED);
    const result = await runBuilt(
      ['run', 'explain the retry policy', '--model', 'opus', '--provider', 'anthropic'].concat([
        '--escalate',
      ]),
      { cwd: project.dir, env: envFor(fake) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^not escalating: .*top tier.*\(the model refused to answer/m);
    expect(modelsAsked(fake)).toEqual([OPUS]);
  });

  it('refuses --escalate with --pm in one line, exit 2', async () => {
    const result = await runBuilt(['run', '--pm', 'ship it', '--escalate', '--provider', 'sim'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^error\[usage\]: --escalate does not go/);
  });
});

const SCHEMA_STEP = (options: string): string => `version: 1
name: answer
steps:
  - id: answer
    agent: engineer
    model: haiku
${options}    output:
      schema:
        type: object
        required: [answer]
        properties:
          answer: { type: string }
    task: Answer in JSON
`;

const NO_USAGE: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheReadTokens: 0,
};

interface WorkflowJson {
  readonly runId: string;
  readonly status: string;
  readonly spentUsd: number;
  readonly error: string | null;
  readonly steps: readonly {
    id: string;
    status: string;
    model: string | null;
    costUsd: number;
    usage: Usage;
    output: string | null;
    error: string | null;
    escalation: Library.RunEscalation | null;
  }[];
}

describe('workflow steps with escalate and an output schema', () => {
  it('retries a schema-invalid answer on the next tier, and records both costs', async () => {
    const fake = await fakeWhere(
      HAIKU,
      { text: 'The answer is 42.' },
      {
        text: '```json\n{"answer": "42"}\n```',
      },
    );
    const options = { cwd: project.dir, env: envFor(fake) };
    writeFileSync(join(project.dir, 'answer.yaml'), SCHEMA_STEP('    escalate: true\n'));
    const ran = await runBuilt(
      ['workflow', 'run', 'answer.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
      options,
    );
    expect(ran.code, ran.stderr).toBe(0);
    const run = JSON.parse(ran.stdout) as WorkflowJson;
    expect(modelsAsked(fake)).toEqual([HAIKU, SONNET]);
    expect(run.status).toBe('succeeded');
    const step = run.steps[0];
    expect(step).toMatchObject({ status: 'succeeded', model: SONNET });
    const listed = await runBuilt(['events', 'list', '--type', 'run.escalated', '--json'], options);
    const events = (
      JSON.parse(listed.stdout) as {
        events: { run: string; payload: { stepId: string; reason: string; costUsd: number } }[];
      }
    ).events;
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ stepId: 'answer', reason: 'invalid_output' });
    const firstCost = events[0]?.payload.costUsd ?? 0;
    expect(firstCost).toBeGreaterThan(0);
    // The step's cost and the run's spend are both calls'.
    const sonnetCost = (step?.costUsd ?? 0) - firstCost;
    expect(sonnetCost).toBeGreaterThan(firstCost);
    expect(run.spentUsd).toBeCloseTo(step?.costUsd ?? -1, 12);
    expect(step?.usage.inputTokens).toBeGreaterThan(0);
    // The stored step holds both calls: the first in its escalation, read back by status.
    const status = await runBuilt(['workflow', 'status', run.runId, '--json'], options);
    const stored = (JSON.parse(status.stdout) as WorkflowJson).steps[0];
    expect(stored?.escalation).toMatchObject({
      reason: 'invalid_output',
      from: { model: HAIKU, costUsd: firstCost },
      to: { model: SONNET, costUsd: sonnetCost },
    });
    expect(stored?.escalation?.detail).toMatch(/the answer is not JSON/);
    expect(stored?.usage).toEqual(
      usageTotal(
        stored?.escalation?.from.usage ?? NO_USAGE,
        stored?.escalation?.to?.usage ?? NO_USAGE,
      ),
    );
  });

  it('fails the step without escalate, counting what the call cost', async () => {
    const fake = await fakeWhere(HAIKU, { text: '{"answer": 42}' });
    const options = { cwd: project.dir, env: envFor(fake) };
    writeFileSync(join(project.dir, 'answer.yaml'), SCHEMA_STEP(''));
    const ran = await runBuilt(
      ['workflow', 'run', 'answer.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
      options,
    );
    const run = JSON.parse(ran.stdout) as WorkflowJson;
    expect(modelsAsked(fake)).toEqual([HAIKU]);
    expect(run.status).toBe('failed');
    expect(run.steps[0]?.status).toBe('failed');
    expect(run.steps[0]?.error).toMatch(/^workflow\.output_invalid: .*answer must be string/);
    expect(run.spentUsd).toBeGreaterThan(0);
    expect(run.steps[0]?.costUsd).toBeCloseTo(run.spentUsd, 12);
  });

  it('refuses an escalate that is not true or false, in one line, exit 2', async () => {
    const fake = await fakeWhere(HAIKU, CUT_OFF);
    const options = { cwd: project.dir, env: envFor(fake) };
    writeFileSync(join(project.dir, 'answer.yaml'), SCHEMA_STEP('    escalate: sometimes\n'));
    const result = await runBuilt(['workflow', 'run', 'answer.yaml'], options);
    expect(result.code).toBe(2);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/answer\.yaml:7: .*escalate is true or false, found "sometimes"/);
    expect(modelsAsked(fake)).toEqual([]);
  });
});
