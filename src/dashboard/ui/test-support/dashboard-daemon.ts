/**
 * The real daemon (src/daemon/server.ts) in-process for the page's browser tests: a temp home, a
 * temp initialised project, the built page. Data is made as it is in use: hook events are posted
 * to `/hooks/<Event>` as Claude Code posts them, and runs and workflows are appended to the
 * project's store through a second connection, as the `claude-hybrid` process running them would.
 * Every request the daemon receives is noted (its URL, its Last-Event-ID, when), so a test can
 * check what the page asked.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemonServer } from '../../../daemon/server.js';
import type { DaemonServer } from '../../../daemon/server.js';
import { openStore } from '../../../store/index.js';
import type { Store } from '../../../store/index.js';

export interface DashboardDaemonOptions {
  /** The built page: index.html, app.js, app.css (scripts/build-dashboard.mjs). */
  readonly dashboardDir: string;
  /**
   * The project folder's name. Spaces and `&` prove the page URL-encodes the project.
   * @default 'my project & co'
   */
  readonly projectName?: string;
}

export interface ReceivedRequest {
  readonly url: string;
  readonly lastEventId: string | null;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export interface DashboardDaemon {
  readonly daemon: DaemonServer;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The initialised project's root (its `.claude-hybrid/` exists, its store is migrated). */
  readonly project: string;
  /** Scratch space beside the project (transcripts). */
  readonly scratch: string;
  /** Every request the daemon received, in order. */
  readonly requests: ReceivedRequest[];
  /** The project's store through a connection of its own, as another process holds it. */
  readonly store: Store;
  /** Posts a hook event as Claude Code does (session, cwd and `fields` as its JSON input). */
  hook(event: string, session: string, fields?: Readonly<Record<string, unknown>>): Promise<void>;
  /** A one-time sign-in link; with `project`, the daemon registers it and the link opens it. */
  link(project?: string): Promise<string>;
  /** Cuts every open `/api/live` connection at the socket, as a network drop would. */
  dropStreams(): void;
  /** The newest event id in the project's log (0 when empty). */
  newestId(): number;
  close(): Promise<void>;
}

const TOKEN = 'browser-test-token';

export async function startDashboardDaemon(
  options: DashboardDaemonOptions,
): Promise<DashboardDaemon> {
  const root = mkdtempSync(join(tmpdir(), 'dashboard-daemon-'));
  const home = join(root, 'home');
  const project = join(root, options.projectName ?? 'my project & co');
  const scratch = join(root, 'scratch');
  for (const dir of [home, scratch, join(project, '.claude-hybrid')])
    mkdirSync(dir, { recursive: true });
  const store = openStore({ path: join(project, '.claude-hybrid', 'state.db') });
  // Hook events share the daemon's clock: strictly increasing, so their order is their time order.
  let last = 0;
  const daemon = await startDaemonServer({
    hybridHome: home,
    token: TOKEN,
    port: 0,
    version: 'test',
    dashboardDir: options.dashboardDir,
    now: () => (last = Math.max(Date.now(), last + 1)),
    log: () => undefined,
  });
  const requests: ReceivedRequest[] = [];
  const streams = new Set<IncomingMessage>();
  // A second listener only observes: the daemon's own handler answers.
  daemon.server.on('request', (request: IncomingMessage) => {
    const lastEventId = request.headers['last-event-id'];
    if (request.url?.startsWith('/api/live') === true) {
      streams.add(request);
      request.socket.once('close', () => streams.delete(request));
    }
    requests.push({
      url: request.url ?? '',
      lastEventId: typeof lastEventId === 'string' ? lastEventId : null,
      at: performance.now(),
    });
  });
  const url = `http://127.0.0.1:${String(daemon.port)}`;
  const bearer = { authorization: `Bearer ${TOKEN}` };
  return {
    daemon,
    url,
    project,
    scratch,
    requests,
    store,
    async hook(event, session, fields = {}) {
      const response = await fetch(`${url}/hooks/${event}`, {
        method: 'POST',
        headers: bearer,
        body: JSON.stringify({ session_id: session, cwd: project, ...fields }),
      });
      if (response.status !== 200)
        throw new Error(`hook ${event}: ${String(response.status)} ${await response.text()}`);
    },
    async link(forProject) {
      const query = forProject === undefined ? '' : `?project=${encodeURIComponent(forProject)}`;
      const response = await fetch(`${url}/dashboard/link${query}`, {
        method: 'POST',
        headers: bearer,
      });
      const body = (await response.json()) as { url?: unknown }; // dashboard-routes.ts answer
      if (typeof body.url !== 'string') throw new Error(`no link: ${JSON.stringify(body)}`);
      return body.url;
    },
    dropStreams() {
      for (const request of streams) request.socket.destroy();
      streams.clear();
    },
    newestId: () => store.events.list({ limit: 1 })[0]?.id ?? 0,
    async close() {
      daemon.server.closeAllConnections();
      await daemon.close();
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
