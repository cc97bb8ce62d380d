/**
 * The CLI's side of reading events through the daemon (event-feed.ts is the daemon's): used
 * while the daemon runs, which has the project's store open already. Every function answers
 * undefined when the daemon cannot serve the request (none running, not reachable, or it turned
 * the request away), so the caller reads the store itself instead.
 */
import type { EventQuery, EventRecord } from '../store/index.js';
import { liveDaemon } from './daemon-info.js';
import { followEventStream } from './event-stream-client.js';
import { rawRequest } from './raw-request.js';

const TIMEOUT_MS = 2_000;

function eventsPath(route: string, cwd: string, query: EventQuery): string {
  const parameters = new URLSearchParams({ cwd });
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) parameters.set(name, String(value));
  return `${route}?${parameters.toString()}`;
}

/** `query`'s events in the project holding `cwd`, as the daemon reads them. */
export async function daemonEventList(
  hybridHome: string,
  cwd: string,
  query: EventQuery,
): Promise<EventRecord[] | undefined> {
  const info = liveDaemon(hybridHome);
  if (info === undefined) return undefined;
  try {
    const answer = await rawRequest({
      port: info.port,
      method: 'GET',
      path: eventsPath('/events', cwd, query),
      token: info.token,
      timeoutMs: TIMEOUT_MS,
    });
    if (answer.status !== 200) return undefined;
    return (JSON.parse(answer.body) as { events: EventRecord[] }).events;
  } catch {
    return undefined;
  }
}

/**
 * Follows the project's events live through the daemon until `stop()` or until the daemon goes
 * away. `done` resolves with the id of the last event delivered (undefined if none), or rejects
 * when the daemon could not serve the stream at all.
 */
export function followDaemonEvents(
  hybridHome: string,
  cwd: string,
  query: EventQuery,
  onEvent: (event: EventRecord) => void,
): { done: Promise<number | undefined>; stop: () => void } | undefined {
  const info = liveDaemon(hybridHome);
  if (info === undefined) return undefined;
  let lastId: number | undefined;
  const stream = followEventStream(
    {
      port: info.port,
      path: eventsPath('/events/stream', cwd, query),
      token: info.token,
      timeoutMs: TIMEOUT_MS,
    },
    (data) => {
      const event = JSON.parse(data) as EventRecord;
      lastId = event.id;
      onEvent(event);
    },
  );
  return { done: stream.done.then(() => lastId), stop: stream.stop };
}
