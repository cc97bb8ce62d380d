/**
 * The daemon's side of `claude-hybrid events`: a project's events read through the store the
 * daemon already has open (`GET /events`), and followed live (`GET /events/stream`, server-sent
 * events). A stream is pumped at once when the daemon records an event in that project, and
 * every quarter second for events other processes (runs, workflows) append to the same log.
 */
import type { ServerResponse } from 'node:http';
import { isAbsolute } from 'node:path';
import type { EventQuery, EventRecord, Store } from '../store/index.js';
import { HttpProblem } from './http-problem.js';

/** How often streams look for events the daemon did not record itself. */
const POLL_MS = 250;
/** A comment line this often keeps idle streams (and any proxy in between) open. */
const HEARTBEAT_MS = 15_000;
const PAGE = 1_000;

/** The integer parameter `name` of `url`, undefined when absent; a 400 outside min..max. */
export function integerParameter(
  url: URL,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max)
    throw new HttpProblem(400, `${name} must be an integer from ${min} to ${max}; got "${text}"`);
  return value;
}

/** The directory whose project is meant (`cwd`, absolute) and the query, from the URL. */
export function eventRequestOf(url: URL): { cwd: string; query: EventQuery } {
  const cwd = url.searchParams.get('cwd');
  if (cwd === null || !isAbsolute(cwd))
    throw new HttpProblem(400, 'cwd must be the absolute path of a directory in the project');
  const order = url.searchParams.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc')
    throw new HttpProblem(400, `order must be asc or desc; got "${order}"`);
  const query: Record<string, unknown> = { order };
  for (const name of ['type', 'typePrefix', 'session', 'run']) {
    const value = url.searchParams.get(name);
    if (value !== null) query[name] = value;
  }
  const limit = integerParameter(url, 'limit', 1, 10_000);
  const since = integerParameter(url, 'since', 0, Number.MAX_SAFE_INTEGER);
  const afterId = integerParameter(url, 'afterId', 0, Number.MAX_SAFE_INTEGER);
  if (limit !== undefined) query.limit = limit;
  if (since !== undefined) query.since = since;
  if (afterId !== undefined) query.afterId = afterId;
  return { cwd, query: query };
}

interface Subscriber {
  readonly root: string;
  readonly store: Store;
  readonly query: EventQuery;
  afterId: number;
  readonly response: ServerResponse;
}

export class EventFeed {
  private readonly subscribers = new Set<Subscriber>();
  private poller: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Streams `query`'s events to `response` from `afterId` on (default: the newest event now, or
   * the start of the log when the query has `since`), until the client goes away.
   */
  subscribe(
    project: { root: string; store: Store },
    query: EventQuery,
    response: ServerResponse,
  ): void {
    const start =
      query.afterId ??
      (query.since === undefined ? (project.store.events.list({ limit: 1 })[0]?.id ?? 0) : 0);
    const subscriber: Subscriber = { ...project, query, afterId: start, response };
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': claude-hybrid events\n\n');
    this.subscribers.add(subscriber);
    response.once('close', () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopTimers();
    });
    this.pump(subscriber);
    this.poller ??= setInterval(() => {
      for (const each of this.subscribers) this.pump(each);
    }, POLL_MS);
    this.heartbeat ??= setInterval(() => {
      for (const each of this.subscribers) each.response.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
  }

  /** Events were just recorded in `root`: send them to its streams now. */
  recorded(root: string): void {
    for (const subscriber of this.subscribers) if (subscriber.root === root) this.pump(subscriber);
  }

  /** Ends every stream (the daemon is stopping). */
  close(): void {
    for (const subscriber of this.subscribers) subscriber.response.end();
    this.subscribers.clear();
    this.stopTimers();
  }

  private pump(subscriber: Subscriber): void {
    let page: EventRecord[];
    do {
      try {
        page = subscriber.store.events.list({
          ...subscriber.query,
          afterId: subscriber.afterId,
          order: 'asc',
          limit: PAGE,
        });
      } catch {
        return; // the store is closing or busy: the next poll tries again
      }
      for (const event of page) subscriber.response.write(`data: ${JSON.stringify(event)}\n\n`);
      subscriber.afterId = page.at(-1)?.id ?? subscriber.afterId;
    } while (page.length === PAGE);
  }

  private stopTimers(): void {
    clearInterval(this.poller);
    clearInterval(this.heartbeat);
    this.poller = undefined;
    this.heartbeat = undefined;
  }
}
