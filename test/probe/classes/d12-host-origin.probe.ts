import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { daemonJson, httpRequest, inProject } from './daemon-probe-support.js';

// D12: DNS rebinding and cross-site requests. A foreign Host gets 421 and a foreign browser
// Origin 403, with or without the token; /health without the token tells only {ok, pid}; the
// token is never in the log.

interface Daemon {
  readonly port: number;
  readonly token: string;
}

function against(
  name: string,
  probe: (daemon: Daemon) => Promise<{ status: number; body: string }>,
  expected: number,
): ProbeCase {
  return {
    name,
    run: () =>
      inProject(async (project): Promise<ProbeResult> => {
        const start = await project.cli(['daemon', 'start', '--port', '0']);
        if (start.code !== 0) return { outcome: 'crashed', detail: start.stderr };
        const daemon: Daemon = daemonJson(project.home);
        const answer = await probe(daemon);
        const log = readFileSync(join(project.home, 'daemon.log'), 'utf8');
        if (log.includes(daemon.token))
          return { outcome: 'lost', detail: 'the token is in daemon.log' };
        if (answer.body.includes(daemon.token))
          return { outcome: 'lost', detail: 'the token is in the answer' };
        if (answer.status !== expected)
          return { outcome: 'crashed', detail: `status ${answer.status}: ${answer.body}` };
        return { outcome: expected < 300 ? 'handled' : 'refused', detail: answer.body };
      }),
  };
}

const bearer = (daemon: Daemon): Record<string, string> => ({
  authorization: `Bearer ${daemon.token}`,
});

export const probe: ProbeClass = {
  id: 'D12',
  title: 'Host and Origin are checked; /health without the token says only ok and pid',
  cases: [
    against(
      'a rebinding Host with the token (/status)',
      (daemon) =>
        httpRequest(daemon.port, {
          path: '/status',
          headers: { ...bearer(daemon), host: `evil.example.com:${daemon.port}` },
        }),
      421,
    ),
    against(
      'a rebinding Host on /health',
      (daemon) =>
        httpRequest(daemon.port, { path: '/health', headers: { host: 'evil.example.com' } }),
      421,
    ),
    against(
      'a foreign Origin posting a hook event with the token',
      (daemon) =>
        httpRequest(daemon.port, {
          path: '/hooks/Stop',
          method: 'POST',
          headers: { ...bearer(daemon), origin: 'http://evil.example.com' },
          body: '{"session_id":"S","cwd":"/"}',
        }),
      403,
    ),
    against(
      'a CORS preflight from a foreign Origin',
      (daemon) =>
        httpRequest(daemon.port, {
          path: '/events',
          method: 'OPTIONS',
          headers: { origin: 'http://evil.example.com', 'access-control-request-method': 'GET' },
        }),
      403,
    ),
    against(
      'GET /health without the token: {ok, pid} only',
      async (daemon) => {
        const answer = await httpRequest(daemon.port, { path: '/health' });
        const keys = Object.keys(JSON.parse(answer.body) as object).sort();
        return keys.join(',') === 'ok,pid' ? answer : { status: 500, body: answer.body };
      },
      200,
    ),
    against(
      'the daemon own origin and a loopback Host are served',
      (daemon) =>
        httpRequest(daemon.port, {
          path: '/status',
          headers: {
            ...bearer(daemon),
            host: `localhost:${daemon.port}`,
            origin: `http://127.0.0.1:${daemon.port}`,
          },
        }),
      200,
    ),
  ],
};
