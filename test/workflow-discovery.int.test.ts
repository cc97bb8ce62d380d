import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt as cli, tempProject } from './support/cli.js';

interface ListedWorkflow {
  name: string;
  scope: string;
  description: string | null;
  inputs: { name: string; required: boolean; default: string | null }[];
  problems: string[];
}

describe('finding and starting workflows', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
  });
  afterEach(() => {
    cleanup();
  });

  it('workflow list shows project workflows first, shadowing bundled ones, with their inputs', async () => {
    mkdirSync(join(dir, '.claude-hybrid', 'workflows'), { recursive: true });
    writeFileSync(
      join(dir, '.claude-hybrid', 'workflows', 'code-review.yaml'),
      [
        'version: 1',
        'name: code-review',
        'description: Our own review',
        'inputs:',
        '  pr: { description: The PR }',
        '  depth: { default: shallow }',
        'steps:',
        '  - id: review',
        '    agent: code-reviewer',
        '    task: "Review {{inputs.pr}} ({{inputs.depth}})"',
        '',
      ].join('\n'),
    );
    const listed = await cli(['workflow', 'list', '--json'], { cwd: dir, env });
    expect(listed.code).toBe(0);
    const { workflows } = JSON.parse(listed.stdout) as { workflows: ListedWorkflow[] };
    expect(workflows.map((workflow) => `${workflow.scope}:${workflow.name}`)).toEqual([
      'project:code-review',
      'bundled:feature-delivery',
      'bundled:incident-triage',
    ]);
    expect(workflows[0]).toMatchObject({
      description: 'Our own review',
      problems: [],
      inputs: [
        { name: 'pr', required: true, default: null },
        { name: 'depth', required: false, default: 'shallow' },
      ],
    });

    const human = await cli(['workflow', 'list'], { cwd: dir, env: { ...env, COLUMNS: '200' } });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/code-review\s+project\s+pr \[depth\]\s+Our own review/);
    expect(human.stdout).toMatch(/incident-triage\s+bundled\s+symptom \[evidence\]/);
  });

  it('a mistyped workflow name is refused in one line with the closest names, exit 2', async () => {
    const result = await cli(['workflow', 'run', 'code-reveiw', '--provider', 'sim'], {
      cwd: dir,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error\[workflow\.unknown\]: no workflow "code-reveiw"/);
    expect(result.stderr).toMatch(/hint: the closest: code-review, /);
    // Nothing was recorded.
    const runs = await cli(['workflow', 'runs', '--json'], { cwd: dir, env });
    expect(JSON.parse(runs.stdout)).toEqual({ runs: [] });
  });

  it('workflow resume --model replaces the model the run started with', async () => {
    const first = await cli(
      [
        'workflow',
        'run',
        'code-review',
        '--input',
        'change=x',
        '--provider',
        'sim',
        '--model',
        'llama3',
        '--json',
      ],
      { cwd: dir, env },
    );
    expect(first.code).not.toBe(0);
    const failed = JSON.parse(first.stdout) as {
      runId: string;
      status: string;
      steps: { id: string; status: string; error: string | null }[];
    };
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((step) => step.id === 'correctness')?.error).toMatch(/llama3/);

    const resumed = await cli(
      ['workflow', 'resume', failed.runId, '--provider', 'sim', '--model', 'sonnet', '--json'],
      { cwd: dir, env },
    );
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const done = JSON.parse(resumed.stdout) as {
      status: string;
      steps: { id: string; status: string; model: string | null }[];
    };
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((step) => step.id === 'correctness')?.model).toMatch(/sonnet/);
  });
  it('--max-cost is checked on sim from the estimate, for run and for workflow run', async () => {
    const refused = await cli(
      ['run', 'add a flag', '--provider', 'sim', '--max-cost', '0.000001'],
      {
        cwd: dir,
        env,
      },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error\[budget\.exceeded\]: the estimate \(up to \$0\.\d+\)/);
    const fits = await cli(['run', 'add a flag', '--provider', 'sim', '--max-cost', '5'], {
      cwd: dir,
      env,
    });
    expect(fits.code).toBe(0);

    const run = async (maxCost: string) => {
      const result = await cli(
        [
          'workflow',
          'run',
          'code-review',
          '--input',
          'change=x',
          '--provider',
          'sim',
          '--max-cost',
          maxCost,
          '--json',
        ],
        { cwd: dir, env },
      );
      return {
        code: result.code,
        ...(JSON.parse(result.stdout) as { status: string; error: string | null }),
      };
    };
    const stopped = await run('0.01');
    expect(stopped.code).toBe(1);
    expect(stopped.status).toBe('budget_exceeded');
    expect(stopped.error).toMatch(/maxCostUsd \$0\.01; .* is estimated at up to \$0\.\d+/);
    const done = await run('5');
    expect(done).toMatchObject({ code: 0, status: 'succeeded' });
    const bad = await cli(['workflow', 'run', 'code-review', '--max-cost', 'lots'], {
      cwd: dir,
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-cost must be a positive number/);
  });
});
