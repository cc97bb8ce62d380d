/**
 * The dashboard's doors on the daemon: the page (`GET /`, its files under `/assets/`), the
 * one-time login link (`POST /dashboard/link` with the token, then `GET /login?code=`), the data
 * routes (`GET /api/...`) and `GET /metrics`. The page and the data need the token, as a Bearer
 * header or the cookie the link sets; the files are not secret and are served to anyone the
 * daemon serves (loopback only, see request-origin.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem } from '../daemon/http-problem.js';
import { instruments } from '../telemetry/instruments.js';
import { metrics } from '../telemetry/metrics.js';
import { DashboardApi } from './dashboard-api.js';
import { DashboardData } from './dashboard-data.js';
import type { DashboardDataOptions } from './dashboard-data.js';
import { LINK_TTL_MS, LoginLinks, cookieToken, sameToken, sessionCookie } from './login-links.js';
import { StaticAssets } from './static-assets.js';
import { pageHeaders, signInPage } from './sign-in-page.js';

export interface DashboardRoutesOptions extends Omit<DashboardDataOptions, 'hookLatency'> {
  readonly token: string;
  readonly version: string;
  /** Where the built page is (dist/dashboard). */
  readonly assetsDir: string;
  /** The port the daemon listens on (known once it listens). */
  readonly port: () => number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class DashboardRoutes {
  readonly data: DashboardData;
  private readonly api: DashboardApi;
  private readonly links: LoginLinks;
  private readonly assets: StaticAssets;
  private readonly expected: Buffer;

  constructor(private readonly options: DashboardRoutesOptions) {
    const hooks = instruments().hookDuration;
    this.data = new DashboardData({ ...options, hookLatency: () => hooks.summary() });
    this.api = new DashboardApi(this.data, options.version);
    this.links = new LoginLinks(options.now);
    this.assets = new StaticAssets(options.assetsDir);
    this.expected = Buffer.from(options.token);
  }

  /** Whether `path` is one of the dashboard's (so the server hands the request here). */
  owns(method: string | undefined, path: string): boolean {
    if (method === 'POST') return path === '/dashboard/link';
    return (
      (method === 'GET' || method === 'HEAD') &&
      (path === '/' ||
        path === '/login' ||
        path === '/metrics' ||
        path.startsWith('/assets/') ||
        path.startsWith('/api/'))
    );
  }

  /**
   * Answers a request `owns` accepted: the answer to send as JSON, or undefined when it was
   * written here (a page, a file, a stream, the metrics text).
   */
  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    bearer: boolean,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const path = url.pathname;
    if (path.startsWith('/assets/')) {
      this.asset(request, response, path.slice(8));
      return undefined;
    }
    if (path === '/dashboard/link') {
      if (!bearer)
        throw new HttpProblem(401, 'send Authorization: Bearer <token from daemon.json>');
      this.data.activate();
      const code = this.links.issue();
      const project = url.searchParams.get('project');
      const query = new URLSearchParams({ code });
      if (project !== null && this.data.project(project) !== undefined)
        query.set('project', project);
      return {
        status: 200,
        body: {
          url: `http://127.0.0.1:${this.options.port()}/login?${query.toString()}`,
          expiresInMs: LINK_TTL_MS,
        },
      };
    }
    if (path === '/login') {
      this.login(response, url);
      return undefined;
    }
    const authorised = bearer || this.cookieAuthorised(request);
    if (path === '/') {
      if (!authorised) this.page(response, 401, signInPage('signed-out'));
      else this.index(request, response);
      return undefined;
    }
    if (!authorised)
      throw new HttpProblem(
        401,
        'missing or wrong token: open the dashboard with `claude-hybrid dashboard`, or send Authorization: Bearer <token>',
      );
    // Someone signed in is looking: follow the projects (see DashboardData.activate).
    this.data.activate();
    if (path === '/metrics') {
      await this.data.ready();
      const text = metrics().render() + this.data.metrics.registry.render();
      response.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
      });
      response.end(text);
      return undefined;
    }
    return this.apiRoute(request, response, url);
  }

  close(): void {
    this.data.close();
  }

  private async apiRoute(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const route = url.pathname.slice('/api/'.length);
    const ok = (body: unknown) => ({ status: 200, body });
    switch (route) {
      case 'projects':
        return ok(this.api.projects());
      case 'events':
        return ok(await this.api.events(url));
      case 'live': {
        const last = request.headers['last-event-id'];
        await this.api.live(url, typeof last === 'string' ? last : undefined, response);
        return undefined;
      }
      case 'tools':
        return ok(await this.api.tools(url));
      case 'agents':
        return ok(await this.api.agents(url));
      case 'runs':
        return ok(await this.api.runs(url));
      case 'cost':
        return ok(await this.api.cost(url));
      case 'performance':
        return ok(await this.api.performance(url));
      case 'memory':
        return ok(await this.api.memory(url));
      case 'sessions':
        return ok(await this.api.sessions(url));
      default:
        if (route.startsWith('runs/')) {
          let runId: string;
          try {
            runId = decodeURIComponent(route.slice('runs/'.length));
          } catch {
            throw new HttpProblem(400, 'the run id in the URL is not valid percent-encoding');
          }
          return ok(await this.api.run(url, runId));
        }
        throw new HttpProblem(404, `no dashboard route /api/${route.slice(0, 100)}`);
    }
  }

  private cookieAuthorised(request: IncomingMessage): boolean {
    const token = cookieToken(request.headers.cookie, this.options.port());
    return token !== undefined && sameToken(token, this.expected);
  }

  private login(response: ServerResponse, url: URL): void {
    const code = url.searchParams.get('code') ?? '';
    if (!this.links.redeem(code)) {
      this.page(response, 401, signInPage('expired'));
      return;
    }
    const project = url.searchParams.get('project');
    const hash = project === null ? '#/live' : `#/live?project=${encodeURIComponent(project)}`;
    response.writeHead(303, {
      location: `/${hash}`,
      'set-cookie': sessionCookie(this.options.port(), this.options.token),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    response.end();
  }

  private index(request: IncomingMessage, response: ServerResponse): void {
    const index = this.assets.get('index.html');
    if (index === undefined) {
      this.page(response, 503, signInPage('not-built'));
      return;
    }
    this.sendAsset(request, response, index, 'no-cache');
  }

  private asset(request: IncomingMessage, response: ServerResponse, name: string): void {
    const asset = name === 'index.html' ? undefined : this.assets.get(name);
    if (asset === undefined) throw new HttpProblem(404, `no dashboard file ${name.slice(0, 100)}`);
    this.sendAsset(request, response, asset, 'no-cache');
  }

  private sendAsset(
    request: IncomingMessage,
    response: ServerResponse,
    asset: { body: Buffer; gzipped: Buffer; type: string; etag: string },
    cacheControl: string,
  ): void {
    const headers: Record<string, string | number> = {
      ...pageHeaders(),
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': cacheControl,
      vary: 'accept-encoding',
    };
    if (request.headers['if-none-match'] === asset.etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? asset.gzipped : asset.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  private page(response: ServerResponse, status: number, html: string): void {
    response.writeHead(status, {
      ...pageHeaders(),
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'cache-control': 'no-store',
    });
    response.end(html);
  }
}
