import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, startBuilt, tempProject } from './support/cli.js';

const cli = runBuilt;

describe('claude-hybrid events', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
  });
  afterEach(() => {
    cleanup();
  });

  it('filters by age and reads another project with --project', async () => {
    const recent = JSON.parse(
      (await cli(['events', 'list', '--since', '1h', '--json'], { cwd: dir, env })).stdout,
    ) as { events: { type: string }[] };
    expect(recent.events.map((event) => event.type)).toContain('project.initialized');
    const elsewhere = await cli(
      ['events', 'list', '--project', dir, '--type', 'project.*', '--json'],
      { cwd: '/', env },
    );
    expect((JSON.parse(elsewhere.stdout) as { events: unknown[] }).events).toHaveLength(1);
    const bad = await cli(['events', 'list', '--since', 'yesterday'], { cwd: dir, env });
    expect(bad.code).toBe(2);
  });

  it('tails new events as they are recorded, and stops on Ctrl-C', async () => {
    const tail = startBuilt(['events', 'tail', '--type', 'workflow.*', '--json'], {
      cwd: dir,
      env,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(
      (
        await cli(['workflow', 'run', 'code-review', '--input', 'change=x', '--provider', 'sim'], {
          cwd: dir,
          env,
        })
      ).code,
    ).toBe(0);
    for (
      let waited = 0;
      waited < 5_000 && !tail.output().stdout.includes('workflow.completed');
      waited += 50
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    tail.child.kill('SIGINT');
    const { code, stdout } = await tail.exited;
    expect(code).toBe(0);
    const types = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['workflow.started', 'workflow.completed']);
  });
});
