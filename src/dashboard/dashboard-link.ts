/**
 * What `claude-hybrid dashboard` does before it prints: makes sure the daemon runs (starting it
 * as `daemon start` would), registers the project the command runs in, and asks the daemon for
 * a one-time link (dashboard-routes.ts). The link opens the Live view of that project.
 */
import { HybridError } from '../errors.js';
import { daemonRequest, startDaemon } from '../daemon/daemon-client.js';

export interface DashboardLinkOptions {
  readonly hybridHome: string;
  /** The project to open on, if the command runs in one. */
  readonly projectRoot: string | undefined;
  /** The port to start the daemon on when it is not running (config `daemon.port`). */
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
}

export interface DashboardLink {
  readonly url: string;
  readonly port: number;
  /** Whether the daemon was started for this. */
  readonly daemonStarted: boolean;
  readonly expiresInMs: number;
}

export async function dashboardLink(options: DashboardLinkOptions): Promise<DashboardLink> {
  // A running daemon is returned as it is (started: false).
  const { info, started: daemonStarted } = await startDaemon(options.hybridHome, {
    port: options.port,
    env: options.env,
  });
  const query =
    options.projectRoot === undefined ? '' : `?project=${encodeURIComponent(options.projectRoot)}`;
  const answer = await daemonRequest(info, 'POST', `/dashboard/link${query}`);
  const body = answer.body as { url?: unknown; expiresInMs?: unknown } | null;
  if (answer.status !== 200 || typeof body?.url !== 'string')
    throw new HybridError(
      'daemon.unreachable',
      `the daemon on port ${info.port} has no dashboard (HTTP ${answer.status})`,
      {
        hint: 'it is an older version: run `claude-hybrid daemon restart`, then try again',
      },
    );
  return {
    url: body.url,
    port: info.port,
    daemonStarted,
    expiresInMs: typeof body.expiresInMs === 'number' ? body.expiresInMs : 0,
  };
}
