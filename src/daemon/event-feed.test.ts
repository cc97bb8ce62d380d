import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { waitFor } from '../../test/support/wait.js';
import { openStore } from '../store/index.js';
import { daemonEventList, followDaemonEvents } from './events-client.js';
import { writeDaemonFile } from './daemon-file.js';
import { startDaemonServer } from './server.js';
import type { DaemonServer } from './server.js';

const TOKEN = 'test-token-feed';
let temp: { dir: string; cleanup: () => void };
let home: string;
let project: string;
let daemon: DaemonServer;

beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-feed-');
  home = join(temp.dir, 'home');
  project = join(temp.dir, 'project');
  mkdirSync(join(project, '.claude-hybrid'), { recursive: true });
  mkdirSync(home);
  openStore({ path: join(project, '.claude-hybrid', 'state.db') }).close();
  daemon = await startDaemonServer({
    hybridHome: home,
    token: TOKEN,
    port: 0,
    version: 'test',
    log: () => undefined, // the 4xx lines are server.test.ts's subject
  });
  writeDaemonFile(home, {
    port: daemon.port,
    pid: process.pid,
    token: TOKEN,
    startedAt: 0,
    version: 'test',
  });
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

const get = async (path: string, token = TOKEN) => {
  const response = await fetch(`http://127.0.0.1:${daemon.port}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Whether the daemon has `count` event streams open. */
const streams = async (count: number): Promise<boolean> =>
  (await get('/status')).body.streams === count;

const hook = (event: string, extra: Record<string, unknown> = {}) =>
  fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ session_id: 'S', cwd: project, ...extra }),
  });

/** Appends an event as another process (a CLI run) would: straight into the store. */
function appendElsewhere(type: string): void {
  const store = openStore({ path: join(project, '.claude-hybrid', 'state.db') });
  try {
    store.events.appendBatch([{ ts: Date.now(), type, source: 'cli', payload: {} }]);
  } finally {
    store.close();
  }
}

describe('events through the daemon', () => {
  it('lists a project’s events with the store’s filters', async () => {
    await hook('Notification', { message: 'one' });
    await hook('Stop');
    appendElsewhere('run.completed');
    const listed = await daemonEventList(home, join(project, 'src'), { typePrefix: 'hook.' });
    expect(listed?.map((event) => event.type)).toEqual(['hook.Stop', 'hook.Notification']);
    const oldestFirst = await daemonEventList(home, project, { order: 'asc', limit: 1 });
    expect(oldestFirst?.map((event) => event.type)).toEqual(['hook.Notification']);
  });

  it('turns away bad queries with a 4xx and a reason, and answers undefined to the client', async () => {
    expect(await get(`/events?cwd=${encodeURIComponent(project)}&limit=0`)).toMatchObject({
      status: 400,
      body: { error: 'limit must be an integer from 1 to 10000; got "0"' },
    });
    expect((await get('/events?cwd=relative/dir')).status).toBe(400);
    expect((await get(`/events?cwd=${encodeURIComponent(project)}&order=sideways`)).status).toBe(
      400,
    );
    expect((await get(`/events?cwd=${encodeURIComponent(temp.dir)}`)).status).toBe(404);
    expect((await get(`/events?cwd=${encodeURIComponent(project)}`, 'wrong')).status).toBe(401);
    expect(await daemonEventList(home, temp.dir, {})).toBeUndefined();
  });

  it('streams new events: its own at once, other writers’ on the next poll, until it stops', async () => {
    await hook('Notification', { message: 'before' });
    const seen: string[] = [];
    const live = followDaemonEvents(home, project, {}, (event) => seen.push(event.type));
    expect(live).toBeDefined();
    await waitFor(() => streams(1), 3_000, 10);
    await hook('PreToolUse', { tool_name: 'Bash', tool_use_id: 'T1', tool_input: {} });
    await waitFor(() => seen.length >= 1, 3_000, 10);
    appendElsewhere('run.completed');
    await waitFor(() => seen.length >= 2, 3_000, 10);
    expect(seen).toEqual(['hook.PreToolUse', 'run.completed']);
    live?.stop();
    await expect(live?.done).resolves.toBeGreaterThan(0);
    await waitFor(() => streams(0), 3_000, 10);
  });

  it('ends open streams when the daemon closes', async () => {
    const live = followDaemonEvents(home, project, {}, () => undefined);
    await waitFor(() => streams(1), 3_000, 10);
    await daemon.close();
    await expect(live?.done).resolves.toBeUndefined();
  });
});
