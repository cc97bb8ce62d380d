import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSse } from '../../test/support/sse-client.js';
import { waitFor } from '../../test/support/wait.js';
import type { EventRow } from './api-types.js';
import { startDashboardDaemon } from './ui/test-support/dashboard-daemon.js';
import type { DashboardDaemon } from './ui/test-support/dashboard-daemon.js';

// The live feed through the real daemon: /api/live as a page's EventSource reads it.
let served: DashboardDaemon;
let cookie: string;

beforeEach(async () => {
  // No page is needed here: the stream is read directly.
  served = await startDashboardDaemon({ dashboardDir: join('/nonexistent', 'dashboard') });
  await served.hook('SessionStart', 'S1');
  const login = await fetch(await served.link(), { redirect: 'manual' });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});
afterEach(async () => {
  await served.close();
});

const live = (extra = '') => `/api/live?project=${encodeURIComponent(served.project)}${extra}`;
const texts = (messages: readonly { data: unknown }[]) =>
  messages.map((message) => (message.data as EventRow).text);

describe('the live feed', () => {
  it('streams new events and resumes after a reconnect with nothing missed or repeated', async () => {
    const first = await openSse(served.daemon.port, live(), { cookie });
    expect(first.status).toBe(200);
    await served.hook('UserPromptSubmit', 'S1', { prompt: 'one' });
    await waitFor(() => first.messages.length === 1, 1_000);
    const seen = first.messages[0];
    expect(texts(first.messages)).toEqual(['one']);
    first.close();
    await served.hook('UserPromptSubmit', 'S1', { prompt: 'two' });
    await served.hook('UserPromptSubmit', 'S1', { prompt: 'three' });
    const second = await openSse(served.daemon.port, live(), {
      cookie,
      'last-event-id': seen?.id ?? '',
    });
    await served.hook('UserPromptSubmit', 'S1', { prompt: 'four' });
    await waitFor(() => second.messages.length === 3, 1_000);
    expect(texts(second.messages)).toEqual(['two', 'three', 'four']);
    second.close();
  });

  it('filters the stream by type and refuses a malformed Last-Event-ID', async () => {
    const filtered = await openSse(served.daemon.port, live('&type=hook.UserPromptSubmit'), {
      cookie,
    });
    await served.hook('PreToolUse', 'S1', { tool_name: 'Read', tool_use_id: 'R1' });
    await served.hook('UserPromptSubmit', 'S1', { prompt: 'only me' });
    await waitFor(() => filtered.messages.length === 1, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(texts(filtered.messages)).toEqual(['only me']);
    filtered.close();
    const bad = await openSse(served.daemon.port, live(), { cookie, 'last-event-id': '12abc' });
    expect(bad.status).toBe(400);
    bad.close();
  });
});
