/**
 * The dashboard's live feed: every new event of a watched project is read from its store once,
 * turned into a row and serialised once, then written to each connected page whose filter it
 * matches (server-sent events, `id:` = the event id). Events the daemon records itself are sent
 * a few milliseconds later (writes to all pages are batched per flush); events other processes
 * append (runs, workflows) are found by polling.
 *
 * A page that reconnects sends the last id it saw (`Last-Event-ID`); it is first sent what it
 * missed, read from the store with its filter, then joins the live set: no gap, no repeat,
 * because reads and the live cursor advance on one thread. A page that cannot keep up is cut
 * off (it reconnects and catches up the same way) rather than buffered without bound.
 */
import type { ServerResponse } from 'node:http';
import type { EventFilter, EventRecord, Store } from '../store/index.js';
import type { EventRow } from './api-types.js';
import { eventRow } from './event-row.js';

/** Events recorded by the daemon are sent after this delay, batched: 1 write per page per flush. */
const FLUSH_DELAY_MS = 5;
/** How often projects are checked for events other processes appended. */
const POLL_MS = 250;
/** A comment line this often keeps idle streams (and any proxy between) open. */
const HEARTBEAT_MS = 15_000;
/** Bytes a page may have unread before it is cut off to catch up on reconnect. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const PAGE = 1_000;

/** What a page filters the stream by; all given fields must match. */
export interface LiveFilter {
  readonly session?: string;
  readonly type?: string;
  readonly typePrefix?: string;
  readonly agent?: string;
}

interface Subscriber {
  readonly filter: LiveFilter;
  readonly response: ServerResponse;
  pending: string;
}

interface Watched {
  readonly root: string;
  readonly store: Store;
  /** The newest id read from the store: every event up to it has been handed on. */
  lastId: number;
  readonly subscribers: Set<Subscriber>;
}

export function matches(row: EventRow, filter: LiveFilter): boolean {
  return (
    (filter.session === undefined || row.session === filter.session) &&
    (filter.type === undefined || row.type === filter.type) &&
    (filter.typePrefix === undefined || row.type.startsWith(filter.typePrefix)) &&
    (filter.agent === undefined || row.agent === filter.agent)
  );
}

/** The part of `filter` the store filters by (its columns); `agent` is matched on each row. */
export function storeFilter(filter: LiveFilter): EventFilter {
  return {
    ...(filter.session === undefined ? {} : { session: filter.session }),
    ...(filter.type === undefined ? {} : { type: filter.type }),
    ...(filter.typePrefix === undefined ? {} : { typePrefix: filter.typePrefix }),
  };
}

function message(row: EventRow): string {
  return `id: ${row.id}\ndata: ${JSON.stringify(row)}\n\n`;
}

export interface LiveHubOptions {
  /** Called with each project's new events, in append order, before pages are sent them. */
  readonly onEvents?: (root: string, records: readonly EventRecord[]) => void;
}

export class LiveHub {
  private readonly watched = new Map<string, Watched>();
  private readonly due = new Set<Watched>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly poller: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  private streams = 0;

  constructor(private readonly options: LiveHubOptions = {}) {
    this.poller = setInterval(() => {
      for (const project of this.watched.values()) this.pump(project);
    }, POLL_MS);
    this.poller.unref();
    this.heartbeat = setInterval(() => {
      for (const project of this.watched.values())
        for (const subscriber of project.subscribers) subscriber.response.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Pages connected now. */
  get size(): number {
    return this.streams;
  }

  /**
   * Starts following `root`: from now on its new events go to onEvents and to pages. Returns the
   * id up to which events existed before (the caller reads those itself, once).
   */
  watch(root: string, store: Store): number {
    let project = this.watched.get(root);
    if (project === undefined) {
      project = { root, store, lastId: newestId(store), subscribers: new Set() };
      this.watched.set(root, project);
    }
    return project.lastId;
  }

  /**
   * Streams `root`'s events matching `filter` to `response`, starting after `afterId` (default:
   * the newest event now), until the page goes away.
   */
  subscribe(
    root: string,
    store: Store,
    filter: LiveFilter,
    afterId: number | undefined,
    response: ServerResponse,
  ): void {
    this.watch(root, store);
    const project = this.watched.get(root);
    if (project === undefined) return;
    this.pump(project); // the live cursor is now the newest id
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // A reconnecting EventSource waits this long (ms) before it tries again.
    response.write('retry: 1000\n\n');
    if (afterId !== undefined && afterId < project.lastId)
      response.write(catchUp(store, filter, afterId, project.lastId));
    const subscriber: Subscriber = { filter, response, pending: '' };
    project.subscribers.add(subscriber);
    this.streams += 1;
    response.once('close', () => {
      if (project.subscribers.delete(subscriber)) this.streams -= 1;
    });
  }

  /** The daemon just recorded events in `root`: send them shortly, batched with others. */
  recorded(root: string): void {
    const project = this.watched.get(root);
    if (project === undefined) return;
    this.due.add(project);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      for (const each of this.due) this.pump(each);
      this.due.clear();
    }, FLUSH_DELAY_MS);
  }

  /** Hands on `root`'s new events now (before an answer computed from them). */
  pumpNow(root: string): void {
    const project = this.watched.get(root);
    if (project !== undefined) this.pump(project);
  }

  /** Ends every stream and stops the timers (the daemon is stopping). */
  close(): void {
    clearInterval(this.poller);
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    for (const project of this.watched.values()) {
      for (const subscriber of project.subscribers) subscriber.response.end();
      project.subscribers.clear();
    }
    this.streams = 0;
    this.watched.clear();
  }

  private pump(project: Watched): void {
    let page: EventRecord[];
    do {
      try {
        page = project.store.events.list({ afterId: project.lastId, order: 'asc', limit: PAGE });
      } catch {
        return; // the store is closing or busy: the next poll tries again
      }
      if (page.length === 0) return;
      project.lastId = page.at(-1)?.id ?? project.lastId;
      this.options.onEvents?.(project.root, page);
      if (project.subscribers.size > 0) this.send(project, page);
    } while (page.length === PAGE);
  }

  private send(project: Watched, page: readonly EventRecord[]): void {
    for (const record of page) {
      const row = eventRow(record);
      let text: string | undefined;
      for (const subscriber of project.subscribers)
        if (matches(row, subscriber.filter)) subscriber.pending += text ??= message(row);
    }
    for (const subscriber of project.subscribers) {
      if (subscriber.pending === '') continue;
      const { response } = subscriber;
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        // It reconnects with the last id it got and catches up from the store.
        project.subscribers.delete(subscriber);
        this.streams -= 1;
        response.destroy();
      } else response.write(subscriber.pending);
      subscriber.pending = '';
    }
  }
}

function newestId(store: Store): number {
  return store.events.list({ limit: 1 })[0]?.id ?? 0;
}

/** The messages a page missed: its filter's events after `afterId`, up to `upTo`. */
function catchUp(store: Store, filter: LiveFilter, afterId: number, upTo: number): string {
  const query: EventFilter = { ...storeFilter(filter), beforeId: upTo + 1 };
  let text = '';
  let cursor = afterId;
  for (;;) {
    const page = store.events.list({ ...query, afterId: cursor, order: 'asc', limit: PAGE });
    for (const record of page) {
      const row = eventRow(record);
      if (matches(row, filter)) text += message(row);
    }
    if (page.length < PAGE) return text;
    cursor = page.at(-1)?.id ?? cursor;
  }
}
