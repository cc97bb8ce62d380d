/**
 * Defence in depth against DNS rebinding and cross-site requests, on top of the token: a web page
 * that rebinds its own name to 127.0.0.1 still sends its name in `Host`, and a browser always
 * names the page in `Origin`. So the daemon serves only requests addressed to a loopback name
 * (421 otherwise), and refuses any browser origin but its own (403). Clients that are not
 * browsers (curl, the relays, Claude Code's http hooks) send a loopback Host and no Origin.
 */
import { HttpProblem } from './http-problem.js';

/** The Host values the daemon on `port` answers: loopback names, with or without the port. */
export function allowedHosts(port: number): ReadonlySet<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return new Set([...names, ...names.map((name) => `${name}:${port}`)]);
}

/** The only browser origins the daemon accepts: pages it would serve itself. */
export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/**
 * Throws a 421 for a Host that is not a loopback name of this daemon, a 403 for an Origin other
 * than its own. A missing Host is allowed (HTTP/1.0 clients); a missing Origin is the norm.
 */
export function checkRequestOrigin(
  headers: { readonly host?: string | undefined; readonly origin?: string | undefined },
  hosts: ReadonlySet<string>,
  origins: ReadonlySet<string>,
): void {
  const host = headers.host?.toLowerCase();
  if (host !== undefined && !hosts.has(host))
    throw new HttpProblem(
      421,
      `the daemon answers only requests to 127.0.0.1 or localhost, not to "${host.slice(0, 100)}"`,
    );
  const origin = headers.origin;
  if (origin !== undefined && !origins.has(origin.toLowerCase()))
    throw new HttpProblem(403, `requests from the web page at ${origin.slice(0, 100)} are refused`);
}
