import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';

const start = fakeStarter();

const cli = runBuilt;

const PLAN = JSON.stringify({
  steps: [
    { id: 'investigate', agent: 'research', task: 'Find where exports are built', needs: [] },
    { id: 'build', agent: 'engineer', task: 'Add CSV export', needs: ['investigate'] },
    { id: 'cover', agent: 'qa', task: 'Test the CSV export', needs: ['build'] },
  ],
});

interface RunJson {
  runId: string;
  status: string;
  steps: { id: string; status: string; agent: string | null; output: string | null }[];
}

describe('claude-hybrid run --pm', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject({ ANTHROPIC_API_KEY: 'test-key' }));
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
  });
  afterEach(() => {
    cleanup();
  });

  it('plans, runs the delegations as a workflow and ends with a check against the goal', async () => {
    const fake = await start();
    fake.script({ text: PLAN });
    const result = await cli(
      ['run', '--pm', 'Add CSV export to reports', '--provider', 'anthropic', '--json'],
      { cwd: dir, env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as RunJson;
    expect(output.status).toBe('succeeded');
    expect(output.steps.map((step) => [step.id, step.status, step.agent])).toEqual([
      ['plan', 'succeeded', 'pm'],
      ['investigate', 'succeeded', 'research'],
      ['build', 'succeeded', 'engineer'],
      ['cover', 'succeeded', 'qa'],
      ['verify', 'succeeded', 'pm'],
    ]);
    expect(output.steps[0]?.output).toBe(PLAN);
    // One planning call, one per delegation, one check: nothing more.
    expect(fake.requests.map((request) => request.path)).toEqual(Array(5).fill('/v1/messages'));
    const lastMessage = (index: number): string => {
      const body = fake.requests[index]?.body as { messages: { content: string }[] };
      return body.messages.at(-1)?.content ?? '';
    };
    expect(lastMessage(0)).toContain('Goal: Add CSV export to reports');
    expect(lastMessage(0)).toMatch(/- engineer: /);
    // Each delegation is handed the result it needs (the fake echoes the task it was given).
    expect(lastMessage(2)).toContain('Add CSV export\n\nResult of investigate:\necho: Find where');
    expect(lastMessage(4)).toMatch(/^Check the results below against the goal\./);
    expect(lastMessage(4)).toContain('Result of cover:');
    const status = await cli(['workflow', 'status', output.runId, '--json'], { cwd: dir, env });
    expect((JSON.parse(status.stdout) as RunJson).status).toBe('succeeded');
  });

  it('gives the PM one repair with every problem, and stops before any delegation after two bad plans', async () => {
    const fake = await start();
    fake.script({ text: 'Sure! Here is my plan: research first, then build.' }, { text: PLAN });
    const repaired = await cli(
      ['run', '--pm', 'Add CSV export', '--provider', 'anthropic', '--json'],
      { cwd: dir, env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl } },
    );
    expect(repaired.code).toBe(0);
    const repairRequest = fake.requests[1]?.body as {
      messages: { role: string; content: string }[];
    };
    expect(repairRequest.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
    ]);
    expect(repairRequest.messages[2]?.content).toMatch(
      /^That plan is not valid:\n- it is not JSON/,
    );

    const second = await start();
    const tooBig = JSON.stringify({
      steps: Array.from({ length: 4 }, (_, index) => ({
        id: `s${index}`,
        agent: 'engineer',
        task: `part ${index}`,
      })),
    });
    second.script(
      { text: tooBig },
      { text: '{"steps": [{"id": "x", "agent": "wizard", "task": "magic"}]}' },
    );
    const failed = await cli(
      ['run', '--pm', 'Add CSV export', '--provider', 'anthropic', '--max-delegations', '3'],
      { cwd: dir, env: { ...env, ANTHROPIC_BASE_URL: second.baseUrl } },
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /error\[workflow\.invalid_plan\]: the pm agent's plan failed its schema twice: step 1: agent "wizard" is not one of the listed agents/,
    );
    expect(second.requests).toHaveLength(2);
    const secondRepair = second.requests[1]?.body as { messages: { content: string }[] };
    expect(secondRepair.messages[2]?.content).toContain('it has 4 steps; the limit is 3');
  });

  it('asks with --confirm, records a declined plan, and resumes it later', async () => {
    const fake = await start();
    fake.script({ text: PLAN });
    const declined = await cli(
      ['run', '--pm', 'Add CSV export', '--provider', 'anthropic', '--confirm'],
      { cwd: dir, env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl }, stdin: 'n\n' },
    );
    expect(declined.code).toBe(0);
    expect(declined.stderr).toContain('plan ');
    expect(declined.stderr).toContain('build → engineer (after investigate): Add CSV export');
    expect(declined.stderr).toContain('Run these 3 delegations? [y/N]');
    expect(fake.requests).toHaveLength(1);
    const runId = /workflow resume (\w+)/.exec(declined.stderr)?.[1] ?? '';
    expect(runId).not.toBe('');

    const resumed = await cli(['workflow', 'resume', runId, '--json'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.stdout) as RunJson).status).toBe('succeeded');
    // The plan was not made again: 1 planning call, then 3 delegations and the check.
    expect(fake.requests).toHaveLength(5);
  });

  it('plans on sim with a canned plan over the agents there are, offline', async () => {
    const sim = await cli(
      ['run', '--pm', 'add CSV export', '--provider', 'sim', '--max-delegations', '3', '--json'],
      { cwd: dir, env },
    );
    expect(sim.stderr).toBe('');
    expect(sim.code).toBe(0);
    const run = JSON.parse(sim.stdout) as RunJson & {
      steps: { id: string; agent: string | null; status: string }[];
    };
    expect(run.status).toBe('succeeded');
    // The cap holds: 3 delegations, then the plan and the PM's check around them.
    expect(run.steps.map((step) => `${step.id}:${step.agent ?? ''}`)).toEqual([
      'plan:pm',
      'research:research',
      'implement:engineer',
      'test:qa',
      'verify:pm',
    ]);
  });

  it('refuses flags that only make sense with --pm', async () => {
    const confirm = await cli(['run', 'a task', '--confirm', '--provider', 'sim'], {
      cwd: dir,
      env,
    });
    expect(confirm.code).toBe(2);
    expect(confirm.stderr).toMatch(/--confirm and --max-delegations go with --pm/);
    const agent = await cli(['run', '--pm', 'goal', '--agent', 'qa'], { cwd: dir, env });
    expect(agent.code).toBe(2);
    expect(agent.stderr).toMatch(/--agent does not go with --pm/);
  });
});
