import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EVENT_KEY_HEADER,
  HookInputError,
  eventKeyOf,
  isHookEvent,
  readHookInput,
  HOOK_EVENTS,
} from './hook-events.js';
import { HookHandler } from './hook-handler.js';
import { HttpProblem } from './http-problem.js';
import { allowedHosts, allowedOrigins, checkRequestOrigin } from './request-origin.js';
import { CliRunner, readCliRequest } from './cli-runner.js';
import { EventFeed, eventRequestOf } from './event-feed.js';
import { StatusLineRoute } from './status-line-route.js';
import type { Store } from '../store/index.js';
import type { HookHandlerOptions } from './hook-handler.js';
import type { McpHttpEndpoint } from '../mcp/http-endpoint.js';
import type { PolicyProblem } from './project-policy.js';
import { DashboardRoutes } from '../dashboard/dashboard-routes.js';
import { assetDir } from '../files/index.js';
import { recordHook } from '../telemetry/hook-telemetry.js';

const EVENT_KEY_HEADER_LOWER = EVENT_KEY_HEADER.toLowerCase();

/** Largest request body: far above any hook input after Claude Code's own limits. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface DaemonServerOptions extends HookHandlerOptions {
  readonly token: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly version: string;
  /**
   * Where a request turned away or failed is noted, one line each (the daemon's stderr, which is
   * daemon.log): the method, the path without its query, the status and the reason.
   * @default writes to process.stderr
   */
  readonly log?: (line: string) => void;
  /**
   * The projects whose Bash policy cannot be used right now, listed by `GET /status`.
   * @default none
   */
  readonly policyProblems?: () => readonly PolicyProblem[];
  /**
   * Where the dashboard's built page is.
   * @default dist/dashboard, beside the daemon's bundle
   */
  readonly dashboardDir?: string;
}

export interface DaemonServer {
  readonly port: number;
  readonly handler: HookHandler;
  readonly server: Server;
  /** Stops accepting, lets requests in progress finish, closes the stores. */
  close(): Promise<void>;
}

/**
 * The daemon's HTTP server on 127.0.0.1: `GET /health` (no token: only `{ok, pid}`),
 * `POST /hooks/<Event>`, `GET /events` and `GET /events/stream` (event-feed.ts), `POST /cli`
 * (cli-runner.ts), `/mcp` (the MCP tools over streamable HTTP, src/mcp/http-endpoint.ts),
 * `GET /status` and `POST /shutdown`. Every other request needs the token. Every request must be
 * addressed to a loopback name and come from no browser page but the daemon's own
 * (request-origin.ts). Bad requests get a
 * 4xx with the reason and never take the server down; an error of ours is a 500 with the reason,
 * which Claude Code treats as a non-blocking hook error (hooks fail open).
 */
export async function startDaemonServer(
  options: DaemonServerOptions,
  onShutdown: () => void = () => undefined,
): Promise<DaemonServer> {
  const handler = new HookHandler({ ...options, reconcileNewSessions: true });
  const started = Date.now();
  const expected = Buffer.from(options.token);
  const authorised = (request: IncomingMessage): boolean => {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(
      header.startsWith('Bearer ')
        ? header.slice(7)
        : String(request.headers['x-claude-hybrid-token'] ?? ''),
    );
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  // Set again once listening: port 0 means the port is known only then.
  let hosts = allowedHosts(options.port);
  let origins = allowedOrigins(options.port);
  const feed = new EventFeed();
  const runner = new CliRunner();
  const statusLine = new StatusLineRoute(handler.activeAgents);
  /** The MCP endpoint, loaded on the first `/mcp` request (the SDK and the library with it). */
  let mcp: Promise<McpHttpEndpoint> | undefined;
  let mcpLoaded: McpHttpEndpoint | undefined;
  const mcpEndpoint = (): Promise<McpHttpEndpoint> => {
    mcp ??= import('./mcp-door.js').then(({ McpHttpEndpoint: Endpoint }) => {
      mcpLoaded = new Endpoint(process.env);
      return mcpLoaded;
    });
    return mcp;
  };
  let port = options.port;
  const dashboard = new DashboardRoutes({
    hybridHome: options.hybridHome,
    token: options.token,
    version: options.version,
    assetsDir:
      options.dashboardDir ??
      assetDir(import.meta.url, ['./dashboard/', '../../dist/dashboard/'], './dashboard/'),
    storeOf: (root) => handler.projectStore(root),
    port: () => port,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  handler.onRecorded = (root) => {
    if (feed.size > 0) feed.recorded(root);
    dashboard.data.recorded(root);
  };
  /** The initialised project holding the request's `cwd`; 404 outside one. */
  const projectOf = (cwd: string): { root: string; store: Store } => {
    const project = handler.projectStore(cwd);
    if (project === undefined)
      throw new HttpProblem(404, `${cwd} is not in an initialised project (claude-hybrid init)`);
    return project;
  };

  /** The answer, or undefined when the route answered itself (an event stream). */
  const route = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<{ status: number; body: unknown } | undefined> => {
    checkRequestOrigin(request.headers, hosts, origins);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/health')
      // Without the token, only what a client needs to tell our daemon from another program.
      return {
        status: 200,
        body: authorised(request)
          ? { ok: true, pid: process.pid, version: options.version, uptimeMs: Date.now() - started }
          : { ok: true, pid: process.pid },
      };
    if (dashboard.owns(request.method, url.pathname))
      return dashboard.handle(request, response, url, authorised(request));
    if (!authorised(request))
      throw new HttpProblem(
        401,
        'missing or wrong token: send Authorization: Bearer <token from daemon.json>',
      );
    if (request.method === 'POST' && url.pathname.startsWith('/hooks/')) {
      let event: string;
      try {
        event = decodeURIComponent(url.pathname.slice('/hooks/'.length));
      } catch {
        throw new HttpProblem(400, 'the event name in the URL is not valid percent-encoding');
      }
      if (!isHookEvent(event))
        throw new HttpProblem(
          400,
          `unknown hook event "${event}"; expected one of ${HOOK_EVENTS.join(', ')}`,
        );
      const body = await readJson(request);
      let input;
      let key;
      try {
        input = readHookInput(event, body);
        key = eventKeyOf(request.headers[EVENT_KEY_HEADER_LOWER]);
      } catch (error) {
        if (error instanceof HookInputError) throw new HttpProblem(400, error.message);
        throw error;
      }
      const handling = performance.now();
      const outcome = handler.handle(event, input, undefined, key);
      const durationMs = performance.now() - handling;
      recordHook({ event, sessionId: input.session_id, project: outcome.projectRoot, durationMs });
      return { status: 200, body: outcome.output };
    }
    if (request.method === 'GET' && url.pathname === '/events') {
      const { cwd, query } = eventRequestOf(url);
      return { status: 200, body: { events: projectOf(cwd).store.events.list(query) } };
    }
    if (request.method === 'GET' && url.pathname === '/events/stream') {
      const { cwd, query } = eventRequestOf(url);
      feed.subscribe(projectOf(cwd), query, response);
      return undefined;
    }
    if (url.pathname === '/mcp') {
      await (await mcpEndpoint()).handle(request, response);
      return undefined;
    }
    if (request.method === 'POST' && url.pathname === '/cli')
      return { status: 200, body: await runner.run(readCliRequest(await readJson(request))) };
    if (request.method === 'POST' && url.pathname === '/statusline') {
      await statusLine.serve(request, response, url); // the line as text (status-line-route.ts)
      return undefined;
    }
    if (request.method === 'GET' && url.pathname === '/status') {
      const memory = process.memoryUsage();
      return {
        status: 200,
        body: {
          pid: process.pid,
          version: options.version,
          uptimeMs: Date.now() - started,
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          events: handler.counts.received,
          streams: feed.size,
          dashboardStreams: dashboard.data.hub.size,
          mcpSessions: mcpLoaded?.size ?? 0,
          served: runner.served,
          byEvent: Object.fromEntries(handler.counts.byEvent),
          projects: [...handler.counts.byProject].map(([root, events]) => ({ root, events })),
          policyProblems: options.policyProblems?.() ?? [],
        },
      };
    }
    if (request.method === 'POST' && url.pathname === '/shutdown') {
      setImmediate(onShutdown);
      return { status: 200, body: { stopping: true } };
    }
    throw new HttpProblem(404, `no route ${request.method ?? ''} ${url.pathname}`);
  };

  const log =
    options.log ??
    ((line: string) => {
      process.stderr.write(`${line}\n`);
    });
  const server = createServer((request, response) => {
    route(request, response).then(
      (answer) => {
        if (answer !== undefined) send(response, answer.status, answer.body);
      },
      (error: unknown) => {
        const status = error instanceof HttpProblem ? error.status : 500;
        const reason =
          error instanceof HttpProblem
            ? error.message
            : `claude-hybrid daemon: ${error instanceof Error ? error.message : String(error)}`;
        // The query can carry a project path; the token is never in the path or the reason.
        const path = (request.url ?? '/').split('?')[0] ?? '/';
        log(
          `${new Date().toISOString()} ${request.method ?? ''} ${path.slice(0, 200)} ${status}: ${reason.slice(0, 500)}`,
        );
        send(response, status, { error: reason });
      },
    );
  });
  // Hooks are short; keep-alive lets a client reuse its connection between events.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port; // listening on TCP: an AddressInfo
  // The dashboard's live feed is server-sent events: no WebSocket is ever accepted.
  server.on('upgrade', (_request, socket) => {
    socket.end(
      'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\nthe daemon accepts no WebSocket: the dashboard streams events from GET /api/live\n',
    );
  });
  hosts = allowedHosts(port);
  origins = allowedOrigins(port);
  return {
    port,
    handler,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        feed.close();
        dashboard.close();
        server.close(() => {
          handler.close();
          void (mcp === undefined ? Promise.resolve() : mcp.then((endpoint) => endpoint.close()))
            .catch(() => undefined)
            .then(resolve);
        });
        server.closeIdleConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The request body as JSON; 413 beyond MAX_BODY_BYTES, 400 when it is not JSON. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    request.resume();
    throw new HttpProblem(413, `the body is ${declared} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpProblem(413, `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpProblem(400, `the body is not JSON: ${(error as Error).message}`);
  }
}
