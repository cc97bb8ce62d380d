import { chmodSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { waitFor } from './support/wait.js';

let project: ReturnType<typeof tempProject>;
let env: NodeJS.ProcessEnv;

/** A loopback port free right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const cli = async (argv: string[], extra: NodeJS.ProcessEnv = {}) => {
  const result = await runBuilt(argv, { cwd: project.dir, env: { ...env, ...extra } });
  return result;
};

beforeEach(async () => {
  project = tempProject();
  env = { ...project.env, CLAUDE_HYBRID_DAEMON_PORT: String(await freePort()) };
  expect((await cli(['init'])).code).toBe(0);
});
afterEach(async () => {
  await cli(['daemon', 'stop']);
  project.cleanup();
});

describe('claude-hybrid dashboard', () => {
  it('starts the daemon, prints a one-time link that signs the browser in on this project', async () => {
    const result = await cli(['dashboard', '--no-open', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      url: string;
      port: number;
      daemonStarted: boolean;
      opened: boolean;
    };
    expect(answer).toMatchObject({
      daemonStarted: true,
      opened: false,
      port: Number(env.CLAUDE_HYBRID_DAEMON_PORT),
    });
    const root = realpathSync(project.dir);
    expect(answer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?code=[\w-]+&project=/);
    const login = await fetch(answer.url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(`/#/live?project=${encodeURIComponent(root)}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const projects = (await (
      await fetch(`http://127.0.0.1:${answer.port}/api/projects`, { headers: { cookie } })
    ).json()) as { projects: { root: string }[] };
    expect(projects.projects.map((each) => each.root)).toContain(root);
    // A second run reuses the daemon and gives a new link.
    const again = JSON.parse((await cli(['dashboard', '--no-open', '--json'])).stdout) as {
      url: string;
      daemonStarted: boolean;
    };
    expect(again.daemonStarted).toBe(false);
    expect(again.url).not.toBe(answer.url);
  });

  it('opens the link with $BROWSER, and only prints it on a machine without a display', async () => {
    const opened = join(project.dir, 'opened.txt');
    const browser = join(project.dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    chmodSync(browser, 0o755);
    const result = await cli(['dashboard'], { BROWSER: browser });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('opened in your browser');
    const link = result.stdout.split('\n').find((line) => line.startsWith('http://')) ?? '';
    await waitFor(() => {
      try {
        return readFileSync(opened, 'utf8') === link;
      } catch {
        return false;
      }
    });
    const plain = await cli(['dashboard']);
    expect(plain.stdout).toContain('open this link in a browser');
  });
});
