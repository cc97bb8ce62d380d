import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import {
  daemonPids,
  freePort,
  inProject,
  daemonJson,
  occupiedPort,
  startedJson,
} from './daemon-probe-support.js';

// D7 and newcomer finding 6: one daemon per home, whatever the number of starts at once, and a
// daemon `stop` can stop; a default port another home holds falls back to a free one that
// `hooks install` then uses; an explicit port that is taken is refused; restart keeps the port.

function concurrentStarts(name: string, portArguments: readonly string[]): ProbeCase {
  return {
    name,
    run: () =>
      inProject(async (project): Promise<ProbeResult> => {
        const env = { CLAUDE_HYBRID_DAEMON_PORT: String(await freePort()) };
        const results = await Promise.all(
          [1, 2, 3, 4, 5].map(() =>
            project.cli(['daemon', 'start', ...portArguments, '--json'], env),
          ),
        );
        const failed = results.find((result) => result.code !== 0);
        if (failed !== undefined)
          return { outcome: 'crashed', detail: `exit ${failed.code}: ${failed.stderr}` };
        const pids = new Set(results.map((result) => startedJson(result)?.pid));
        const started = results.filter((result) => startedJson(result)?.started === true);
        const running = daemonPids(project.home);
        if (pids.size !== 1 || started.length !== 1 || running.length !== 1)
          return {
            outcome: 'crashed',
            detail: `reported pids ${[...pids].join(',')}, ${started.length} started, running ${running.join(',')}`,
          };
        const stop = await project.cli(['daemon', 'stop']);
        const left = daemonPids(project.home);
        if (stop.code !== 0 || left.length > 0)
          return { outcome: 'crashed', detail: `after stop: ${left.join(',')} still running` };
        return { outcome: 'handled' };
      }),
  };
}

const defaultPortTaken: ProbeCase = {
  name: 'the default port held by another home: a free port, recorded, used by hooks install',
  run: async () => {
    const other = await occupiedPort();
    try {
      return await inProject(async (project): Promise<ProbeResult> => {
        const env = { CLAUDE_HYBRID_DAEMON_PORT: String(other.port) };
        const init = await project.cli(['init', '--claude-code', '--json'], env);
        if (init.code !== 0) return { outcome: 'crashed', detail: init.stderr };
        const info = daemonJson(project.home);
        const settings = readFileSync(join(project.dir, '.claude', 'settings.local.json'), 'utf8');
        const url = /"url": "(http:\/\/127\.0\.0\.1:\d+\/hooks\/Stop)"/.exec(settings)?.[1] ?? '';
        if (info.port === other.port || !url.includes(`:${info.port}/`))
          return { outcome: 'crashed', detail: `daemon on ${info.port}, hooks to ${url}` };
        const restart = await project.cli(['daemon', 'restart', '--json'], env);
        if (startedJson(restart)?.port !== info.port)
          return { outcome: 'crashed', detail: `restart moved the port: ${restart.stdout}` };
        return { outcome: 'handled' };
      });
    } finally {
      await other.close();
    }
  },
};

const explicitPortTaken: ProbeCase = {
  name: 'an explicit --port that is taken: daemon.port_taken, exit 2, no daemon left',
  run: async () => {
    const other = await occupiedPort();
    try {
      return await inProject(async (project): Promise<ProbeResult> => {
        const result = await project.cli(['daemon', 'start', '--port', String(other.port)]);
        const verdict = refusal(result, 'daemon.port_taken');
        if (verdict.outcome === 'refused' && !result.stderr.includes(String(other.port)))
          return { outcome: 'crashed', detail: `the port is not named: ${result.stderr}` };
        if (daemonPids(project.home).length > 0)
          return { outcome: 'crashed', detail: 'a daemon was left running' };
        return verdict;
      });
    } finally {
      await other.close();
    }
  },
};

export const probe: ProbeClass = {
  id: 'D7',
  title: 'one daemon per home; a taken port falls back, or is refused when explicit',
  cases: [
    concurrentStarts('5 concurrent daemon start --port 0', ['--port', '0']),
    concurrentStarts('5 concurrent daemon start on the default port', []),
    defaultPortTaken,
    explicitPortTaken,
  ],
};
