/**
 * A throwaway loopback server for the page's browser tests: it serves a built dashboard folder
 * (scripts/build-dashboard.mjs) at the daemon's paths and canned answers (fixture-data.ts) at
 * /api/*, including the /api/live event stream. It records every request it received. This tests
 * the page only; the daemon's real routes have tests of their own.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { EventRow, EventsAnswer } from '../../api-types.js';
import * as data from './fixture-data.js';

export interface FixtureServerOptions {
  /** The built page: index.html, app.js, app.css. */
  readonly dashboardDir: string;
  /** Events in the log, ids 1..eventCount. @default 1200 */
  readonly eventCount?: number;
  /** Answer every /api/ request with 401. @default false */
  readonly unauthorised?: boolean;
  /** No projects at all (a new install). @default false */
  readonly noProjects?: boolean;
}

export interface RecordedRequest {
  readonly url: string;
  readonly lastEventId: string | null;
}

export interface FixtureServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Appends an event to the log and sends it to every open /api/live stream. */
  push(event: Omit<EventRow, 'id'>): EventRow;
  /** Moves the running workflow on by one step stage. */
  advanceRun(): void;
  /** Ends every open /api/live stream, as a daemon restart would. */
  dropStreams(): void;
  setUnauthorised(value: boolean): void;
  close(): Promise<void>;
}

/** The strictest policy the page works under: the daemon can send the same. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Readonly<Record<string, readonly [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/assets/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/assets/app.css': ['app.css', 'text/css; charset=utf-8'],
};

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
  const events = data.makeEvents(options.eventCount ?? 1200);
  const streams = new Set<{ response: ServerResponse; matches: (row: EventRow) => boolean }>();
  const requests: RecordedRequest[] = [];
  let unauthorised = options.unauthorised ?? false;
  let runStage = 1;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const lastEventId = request.headers['last-event-id'];
    requests.push({
      url: request.url ?? '/',
      lastEventId: typeof lastEventId === 'string' ? lastEventId : null,
    });
    const asset = ASSETS[url.pathname];
    if (asset !== undefined) {
      response.writeHead(200, {
        'content-type': asset[1],
        'cache-control': 'no-store',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      response.end(readFileSync(join(options.dashboardDir, asset[0])));
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      json(response, 404, { error: 'not found' });
      return;
    }
    if (unauthorised) {
      json(response, 401, { error: 'unauthorised' });
      return;
    }
    if (url.pathname === '/api/projects') {
      json(
        response,
        200,
        options.noProjects === true ? { ...data.projects, projects: [] } : data.projects,
      );
      return;
    }
    const project = url.searchParams.get('project');
    if (project === null || !data.projects.projects.some((known) => known.root === project)) {
      json(response, 404, { error: 'unknown project' });
      return;
    }
    const matches = eventFilter(url.searchParams);
    switch (url.pathname) {
      case '/api/events': {
        const beforeId = Number(url.searchParams.get('beforeId') ?? Infinity);
        const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 200));
        const page: EventRow[] = [];
        let index = events.length - 1;
        for (; index >= 0 && page.length < limit; index -= 1) {
          const row = events[index];
          if (row !== undefined && row.id < beforeId && matches(row)) page.push(row);
        }
        const answer: EventsAnswer = {
          events: page,
          nextBeforeId: index < 0 ? null : (page[page.length - 1]?.id ?? null),
        };
        json(response, 200, answer);
        return;
      }
      case '/api/live': {
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        const after = Number(
          typeof lastEventId === 'string' ? lastEventId : (url.searchParams.get('afterId') ?? NaN),
        );
        if (Number.isFinite(after))
          for (const row of events) if (row.id > after && matches(row)) send(response, row);
        // Reconnect quickly after a drop (the browser's default wait is about 3 s).
        response.write('retry: 200\n: open\n\n');
        const stream = { response, matches };
        streams.add(stream);
        request.on('close', () => streams.delete(stream));
        return;
      }
      case '/api/tools': {
        json(response, 200, data.tools);
        return;
      }
      case '/api/agents': {
        json(response, 200, data.agents);
        return;
      }
      case '/api/runs': {
        json(response, 200, data.runs);
        return;
      }
      case '/api/cost': {
        json(response, 200, data.cost);
        return;
      }
      case '/api/performance': {
        json(response, 200, data.performance);
        return;
      }
      case '/api/memory': {
        const query = url.searchParams.get('q')?.toLowerCase() ?? '';
        const agent = url.searchParams.get('agent') ?? '';
        const entries = data.memory.entries
          .filter((entry) => agent === '' || entry.agent === agent)
          .filter((entry) => query === '' || entry.text.toLowerCase().includes(query))
          .map((entry) => ({ ...entry, score: query === '' ? null : 1.5 }));
        json(response, 200, { ...data.memory, entries });
        return;
      }
      case '/api/sessions': {
        json(response, 200, data.sessions);
        return;
      }
      default: {
        const runId = /^\/api\/runs\/([^/]+)$/.exec(url.pathname)?.[1];
        const detail =
          runId === undefined ? null : data.runDetail(decodeURIComponent(runId), runStage);
        if (detail !== null) {
          json(response, 200, detail);
          return;
        }
        json(response, 404, { error: 'not found' });
        return;
      }
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP listener's address
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    push(event) {
      const row: EventRow = { ...event, id: (events[events.length - 1]?.id ?? 0) + 1 };
      events.push(row);
      for (const stream of streams) if (stream.matches(row)) send(stream.response, row);
      return row;
    },
    advanceRun() {
      runStage += 1;
    },
    dropStreams() {
      for (const stream of streams) stream.response.end();
      streams.clear();
    },
    setUnauthorised(value) {
      unauthorised = value;
    },
    async close() {
      for (const stream of streams) stream.response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

function eventFilter(query: URLSearchParams): (row: EventRow) => boolean {
  const session = query.get('session');
  const type = query.get('type');
  const typePrefix = query.get('typePrefix');
  const agent = query.get('agent');
  return (row) =>
    (session === null || row.session === session) &&
    (type === null || row.type === type) &&
    (typePrefix === null || row.type.startsWith(typePrefix)) &&
    (agent === null || row.agent === agent);
}

function send(response: ServerResponse, row: EventRow): void {
  response.write(`id: ${String(row.id)}\ndata: ${JSON.stringify(row)}\n\n`);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
