import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';

// While the daemon runs, route and the read-only memory commands are run by it (POST /cli):
// the answer must be exactly what the command prints in-process, exit code and stderr included.

const SERVED: readonly (readonly string[])[] = [
  ['route', 'fix the flaky login test', '--json'],
  ['route', 'review this change for security problems', '--explain', '--top', '2'],
  ['memory', 'search', 'pnpm', '--json'],
  ['memory', 'show', 'engineer'],
  ['memory', 'list', '--json'],
  ['memory', 'show', 'nobody'], // an error: the same message and exit code
  ['route', 'x', '--top', 'many'], // a usage error
];

describe('commands the daemon runs for the CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  const cli = (argv: readonly string[]) => runBuilt(argv, { cwd: dir, env });
  const served = async (): Promise<number> =>
    (JSON.parse((await cli(['daemon', 'status', '--json'])).stdout) as { served?: number })
      .served ?? 0;

  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'])).code).toBe(0);
    expect((await cli(['memory', 'add', 'engineer', 'Use pnpm, not npm'])).code).toBe(0);
  });
  afterEach(async () => {
    await cli(['daemon', 'stop']);
    cleanup();
  });

  it('answers exactly as the command does in-process', async () => {
    const here = await Promise.all(SERVED.map((argv) => cli(argv)));
    expect((await cli(['daemon', 'start', '--port', '0'])).code).toBe(0);
    for (const [index, argv] of SERVED.entries())
      expect(await cli(argv), argv.join(' ')).toEqual(here[index]);
    expect(await served()).toBe(SERVED.length);
    // From a subdirectory, with a relative CLAUDE_HYBRID_HOME: both resolved where the CLI runs.
    const sub = join(dir, 'src');
    mkdirSync(sub);
    const relativeHome = { ...env, CLAUDE_HYBRID_HOME: join('..', '..', '.claude-hybrid') };
    const fromSub = await runBuilt(['memory', 'list', '--json'], { cwd: sub, env: relativeHome });
    expect(fromSub).toEqual(here[4]);
    expect(await served()).toBe(SERVED.length + 1);
  });

  it('runs the command itself when the daemon will not (another build, no answer)', async () => {
    // Something answers where daemon.json points, but turns every command away.
    const refusing: Server = createServer((request, response) => {
      request.resume();
      response.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"no"}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const address = refusing.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const home = env.CLAUDE_HYBRID_HOME ?? '';
      mkdirSync(home, { recursive: true });
      writeFileSync(
        join(home, 'daemon.json'),
        JSON.stringify({ port, pid: process.pid, token: 't', startedAt: 0, version: 'x' }),
      );
      const routed = await cli(['route', 'fix the flaky login test', '--json']);
      expect(routed.code).toBe(0);
      expect(JSON.parse(routed.stdout)).toMatchObject({ agent: expect.any(String) as unknown });
    } finally {
      refusing.close();
    }
  });
});
