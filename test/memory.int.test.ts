import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';

const start = fakeStarter();
const cli = runBuilt;

describe('claude-hybrid memory', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject({ ANTHROPIC_API_KEY: 'test-key' }));
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
  });
  afterEach(() => {
    cleanup();
  });

  const json = async (argv: readonly string[]): Promise<unknown> => {
    const result = await cli([...argv, '--json'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as unknown;
  };

  it('adds, lists, searches, shows, exports and imports, with one-line errors for bad input', async () => {
    expect(
      await json(['memory', 'add', 'engineer', 'Use pnpm, not npm', '--type', 'environment']),
    ).toMatchObject({
      agent: 'engineer',
      status: 'added',
      entry: { section: 'Environment', content: 'Use pnpm, not npm' },
    });
    expect(await json(['memory', 'add', 'engineer', 'use pnpm not npm!'])).toMatchObject({
      status: 'merged',
    });
    await json(['memory', 'add', 'project', 'Deploys only on weekdays', '--type', 'critical']);
    expect(readFileSync(join(dir, '.claude-hybrid', 'memories', 'project.md'), 'utf8')).toMatch(
      /## Critical\n- \d{4}-\d\d-\d\d: Deploys only on weekdays/,
    );
    const { results: hits } = (await json(['memory', 'search', 'package manager pnpm'])) as {
      results: { agent: string; content: string }[];
    };
    expect(hits.map((hit) => [hit.agent, hit.content])).toEqual([
      ['engineer', 'use pnpm not npm!'],
    ]);
    const listed = (await cli(['memory', 'list'], { cwd: dir, env })).stdout;
    expect(listed).toContain('engineer');
    expect(listed).toContain('Deploys only on weekdays');

    const unknown = await cli(['memory', 'add', 'enginer', 'x'], { cwd: dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error\[memory\.unknown_agent\]: no agent named "enginer"; closest: engineer/,
    );
    const huge = await cli(['memory', 'add', 'qa', 'y'.repeat(5_000)], { cwd: dir, env });
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/error\[memory\.rejected\]: not added: .*4096/);
    const badType = await cli(['memory', 'add', 'qa', 'x', '--type', 'trivia'], { cwd: dir, env });
    expect(badType.code).toBe(2);

    const exported = await json(['memory', 'export']);
    const file = join(dir, 'memory.json');
    writeFileSync(file, JSON.stringify(exported));
    // Importing what is already there merges every entry: nothing is added twice.
    expect(await json(['memory', 'import', file])).toEqual({
      added: 0,
      merged: 2,
      rejected: 0,
      dropped: 0,
      evicted: 0,
      problems: [],
    });
    writeFileSync(file, '{"memories": {"../etc": []}}');
    const hostile = await cli(['memory', 'import', file], { cwd: dir, env });
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toMatch(/memory\.bad_import/);
    // An exported date is kept, so a date that is not a real day is refused, not replaced.
    writeFileSync(
      file,
      '{"format":1,"memories":{"project":[{"section":"Notes","date":"2025-02-30","content":"x y"}]}}',
    );
    const badDate = await cli(['memory', 'import', file], { cwd: dir, env });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(
      /^error\[memory\.bad_import\]: .*entry 1 has date "2025-02-30", not YYYY-MM-DD/,
    );

    const show = await json(['memory', 'show', 'engineer']);
    expect(show).toMatchObject({ agent: 'engineer', problems: [] });
    expect(await json(['memory', 'optimize', '--dry-run'])).toEqual({
      results: [
        expect.objectContaining({ agent: 'engineer', merged: 0, dropped: 0, dryRun: true }),
        expect.objectContaining({ agent: 'project', merged: 0, dropped: 0, dryRun: true }),
      ],
    });
    expect(await json(['memory', 'prune', '--older-than', '90d'])).toEqual({ removed: 0 });
    expect((await cli(['memory', 'prune'], { cwd: dir, env })).code).toBe(2);
  });

  it('recalls memory into the prompt, captures what the answer asks to remember, and records the run', async () => {
    await json([
      'memory',
      'add',
      'engineer',
      'Never commit generated files under dist/',
      '--type',
      'critical',
    ]);
    const fake = await start();
    fake.script({
      text: 'Added the flag.\n\n# Remember:\nType: gotcha\nContent: The report command parses flags in cli/report.ts',
    });
    const result = await cli(
      ['run', 'add a --json flag to the report command', '--agent', 'engineer', '--json'],
      {
        cwd: dir,
        env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl },
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ recalledMemories: 1, remembered: 1 });
    const sent = fake.requests[0]?.body as { system: { text: string }[] };
    expect(sent.system.map((block) => block.text).join('\n')).toContain(
      'Relevant memory:\n- [Critical] Never commit generated files under dist/',
    );
    const entries = (await json(['memory', 'show', 'engineer'])) as {
      entries: { section: string; content: string }[];
    };
    expect(entries.entries).toContainEqual(
      expect.objectContaining({
        section: 'Gotchas',
        content: 'The report command parses flags in cli/report.ts',
      }),
    );

    // The next run on a similar task also recalls the past run.
    fake.script({ text: 'Done again.' });
    await cli(['run', 'add a --csv flag to the report command', '--agent', 'engineer', '--json'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    const second = fake.requests[1]?.body as { system: { text: string }[] };
    expect(second.system.map((block) => block.text).join('\n')).toMatch(
      /Past run \(\d{4}-\d\d-\d\d, engineer, succeeded\): add a --json flag to the report command → Added the flag\./,
    );
  });

  it('captures learnings from a text file, as from a Claude Code subagent result', async () => {
    const file = join(dir, 'result.md');
    writeFileSync(file, 'Finished.\nRemember that the staging database resets every Sunday.\n');
    const captured = await json(['memory', 'capture', 'qa', file]);
    expect(captured).toEqual({
      captured: [{ agent: 'qa', outcomes: [expect.objectContaining({ status: 'added' })] }],
    });
    const { results: hits } = (await json([
      'memory',
      'search',
      'staging database',
      '--agent',
      'qa',
    ])) as { results: { content: string }[] };
    expect(hits[0]?.content).toMatch(/staging database resets every Sunday/);
  });
});
