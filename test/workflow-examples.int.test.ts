import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';

const cli = runBuilt;

interface StepJson {
  id: string;
  status: string;
  agent: string | null;
  output: string | null;
}

const EXAMPLES: readonly (readonly [string, readonly string[]])[] = [
  ['feature-delivery', ['--input', 'feature=CSV export for the reports page']],
  ['code-review', ['--input', 'change=PR 42: retry logic in the HTTP client']],
  ['incident-triage', ['--input', 'symptom=checkout returns 502 since 14:05']],
];

describe('the bundled example workflows', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    ({ dir, env, cleanup } = tempProject());
  });
  afterEach(() => {
    cleanup();
  });

  it('need an initialised project to keep their checkpoints', async () => {
    const result = await cli(
      ['workflow', 'run', 'code-review', '--input', 'change=x', '--provider', 'sim'],
      {
        cwd: dir,
        env,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not_initialized|init/);
  });

  it.each(EXAMPLES)('%s validates and runs end to end on sim', async (name, inputs) => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const validated = await cli(['workflow', 'validate', name], { cwd: dir, env });
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(/valid, \d+ steps/);

    const result = await cli(['workflow', 'run', name, ...inputs, '--provider', 'sim', '--json'], {
      cwd: dir,
      env,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      runId: string;
      status: string;
      spentUsd: number;
      steps: StepJson[];
    };
    expect(output.status).toBe('succeeded');
    expect(output.spentUsd).toBe(0);
    expect(output.steps.length).toBeGreaterThanOrEqual(5);
    for (const step of output.steps) {
      expect(['succeeded', 'skipped']).toContain(step.status);
      if (step.status === 'succeeded') expect(step.output).toMatch(/^\[simulated\]/);
    }
    // The inputs reached the tasks.
    expect(output.steps.map((step) => step.output ?? '').join('\n')).toContain(
      (inputs[1] ?? '').split('=')[1]?.slice(0, 20) ?? '',
    );

    const runs = await cli(['workflow', 'runs', '--json'], { cwd: dir, env });
    expect(JSON.parse(runs.stdout)).toEqual({
      runs: [expect.objectContaining({ runId: output.runId, name, status: 'succeeded' })],
    });
    // The table's start time is UTC and says so, as session list prints it.
    const table = await cli(['workflow', 'runs'], { cwd: dir, env: { ...env, COLUMNS: '200' } });
    expect(table.stdout).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n/);
    const status = await cli(['workflow', 'status', output.runId], { cwd: dir, env });
    expect(status.stdout).toContain(`run ${output.runId} · succeeded`);
    const events = await cli(['events', 'list', '--json'], { cwd: dir, env });
    const recorded = (
      JSON.parse(events.stdout) as {
        events: { type: string; version: number; payload: Record<string, unknown> }[];
      }
    ).events;
    const types = recorded.map((event) => event.type);
    // Version 2 of step.completed: each step's call reports the time it waited, a number.
    for (const event of recorded.filter((each) => each.type === 'step.completed')) {
      expect(event.version).toBe(2);
      expect(event.payload['waitedMs']).toBeTypeOf('number');
    }
    expect(types).toContain('workflow.started');
    expect(types).toContain('workflow.completed');
    expect(types.filter((type) => type === 'step.completed').length).toBe(
      output.steps.filter((step) => step.status === 'succeeded').length,
    );
  });
});
