import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, startBuilt, tempProject } from './support/cli.js';
import { waitFor } from './support/wait.js';

const cli = runBuilt;

describe('claude-hybrid events', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
  });
  afterEach(async () => {
    await cli(['daemon', 'stop'], { cwd: dir, env });
    cleanup();
  });

  /** Runs the example workflow on the simulated provider: it records workflow.* events. */
  const runWorkflow = async (): Promise<void> => {
    const run = await cli(
      ['workflow', 'run', 'code-review', '--input', 'change=x', '--provider', 'sim'],
      { cwd: dir, env },
    );
    expect(run.code).toBe(0);
  };

  /**
   * Runs the workflow, waits until `tail` has shown its end, stops `tail` with Ctrl-C (it must
   * exit 0) and returns every event it printed.
   */
  const workflowThenStop = async (
    tail: ReturnType<typeof startBuilt>,
  ): Promise<{ id: number; type: string }[]> => {
    await runWorkflow();
    await waitFor(() => tail.output().stdout.includes('workflow.completed'), 5_000, 50);
    tail.child.kill('SIGINT');
    const { code, stdout } = await tail.exited;
    expect(code).toBe(0);
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; type: string });
  };

  it('filters by age and reads another project with --project', async () => {
    const recent = JSON.parse(
      (await cli(['events', 'list', '--since', '1h', '--json'], { cwd: dir, env })).stdout,
    ) as { events: { type: string }[]; via: string };
    expect(recent.events.map((event) => event.type)).toContain('project.initialized');
    expect(recent.via).toBe('store');
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
    const types = (await workflowThenStop(tail)).map((event) => event.type);
    expect(types).toEqual(['workflow.started', 'workflow.completed']);
  });

  it('goes through the daemon while it runs: list asks it, tail is pushed, then polls when it stops', async () => {
    expect((await cli(['daemon', 'start', '--port', '0'], { cwd: dir, env })).code).toBe(0);
    const listed = JSON.parse(
      (await cli(['events', 'list', '--type', 'project.*', '--json'], { cwd: dir, env })).stdout,
    ) as { events: { type: string }[]; via: string };
    expect(listed).toMatchObject({ via: 'daemon', events: [{ type: 'project.initialized' }] });

    const tail = startBuilt(['events', 'tail', '--json'], { cwd: dir, env });
    const status = async (): Promise<{ streams?: number }> =>
      JSON.parse((await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout) as {
        streams?: number;
      };
    await waitFor(async () => (await status()).streams === 1, 10_000, 50);
    expect(await status()).toMatchObject({ streams: 1 });
    const daemon = JSON.parse(
      readFileSync(join(env.CLAUDE_HYBRID_HOME ?? '', 'daemon.json'), 'utf8'),
    ) as { port: number; token: string };
    const hook = await fetch(`http://127.0.0.1:${daemon.port}/hooks/Notification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${daemon.token}` },
      body: JSON.stringify({ session_id: 'S', cwd: dir, message: 'hello' }),
    });
    expect(hook.status).toBe(200);
    await waitFor(() => tail.output().stdout.includes('hook.Notification'), 5_000, 50);
    expect(tail.output().stdout).toContain('hook.Notification');

    // The daemon stops: tail carries on, reading the store itself.
    expect((await cli(['daemon', 'stop'], { cwd: dir, env })).code).toBe(0);
    const events = await workflowThenStop(tail);
    expect(events[0]?.type).toBe('hook.Notification');
    expect(events.map((event) => event.type)).toContain('workflow.completed');
    // Each event once, in log order, across the switch from the daemon to the store.
    const ids = events.map((event) => event.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });
});
