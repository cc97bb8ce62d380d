import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { buildStamp } from './build-stamp.js';
import { startDaemonServer } from './server.js';
import type { DaemonServer } from './server.js';

const TOKEN = 'test-token-cli';
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
let temp: { dir: string; cleanup: () => void };
let daemon: DaemonServer;

beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-cli-runner-');
  daemon = await startDaemonServer({
    hybridHome: join(temp.dir, 'home'),
    token: TOKEN,
    port: 0,
    version: 'test',
    log: () => undefined,
  });
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

const post = async (body: unknown, token = TOKEN) => {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/cli`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const request = (extra: Record<string, unknown> = {}) => ({
  argv: ['route', 'fix the flaky login test', '--json'],
  cwd: temp.dir,
  env: { HOME: temp.dir, CLAUDE_HYBRID_HOME: join(temp.dir, 'home') },
  stamp: buildStamp(DIST),
  stdout: { isTTY: false },
  stderrIsTTY: false,
  ...extra,
});

describe('POST /cli', () => {
  it('runs a served command with the caller’s directory and environment', async () => {
    const answer = await post(request());
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(0);
    expect(JSON.parse(String(answer.body.stdout))).toMatchObject({ agent: 'qa' });
  });

  it('turns away other commands, other builds, bad bodies and strangers', async () => {
    expect(await post(request({ argv: ['memory', 'add', 'qa', 'x'] }))).toMatchObject({
      status: 400,
      body: { error: 'the daemon does not run "memory add qa x"' },
    });
    expect((await post(request({ stamp: '1@2' }))).status).toBe(409);
    expect((await post(request({ cwd: 'relative' }))).status).toBe(400);
    expect((await post(request({ env: { HOME: 1 } }))).status).toBe(400);
    expect((await post(request({ argv: 'route x' }))).status).toBe(400);
    expect((await post(request(), 'wrong')).status).toBe(401);
  });
});
