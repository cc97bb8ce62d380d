/**
 * The daemon's view of every known project for the dashboard and `/metrics`: the live hub that
 * follows each project's log, and each project's aggregates. A project's past is read once
 * (in pages, yielding between them, so hooks are still answered while a large log is read); its
 * new events arrive from the hub. Events that arrive while the past is still being read wait, so
 * each event is applied exactly once.
 */
import type { MemoryStore } from '../memory/index.js';
import type { EventRecord, Store } from '../store/index.js';
import type { LatencySummary } from './api-types.js';
import { KnownProjects } from './known-projects.js';
import { LiveHub } from './live-hub.js';
import { ProjectAggregates } from './project-aggregates.js';
import { RecordedMetrics } from './recorded-metrics.js';

/** Events applied per turn of the event loop while a project's past is read. */
const SEED_PAGE = 2_000;

export interface DashboardProject {
  readonly root: string;
  readonly store: Store;
  /** The project's memory, for search and browsing. */
  readonly memory: MemoryStore | undefined;
  readonly aggregates: ProjectAggregates;
  /** Settles once every event recorded before the project was first watched is applied. */
  readonly ready: Promise<void>;
}

interface Entry {
  readonly root: string;
  readonly store: Store;
  readonly memory: MemoryStore | undefined;
  readonly aggregates: ProjectAggregates;
  ready: Promise<void>;
  /** New events that came while the past was being read; undefined once it has been. */
  waiting: EventRecord[] | undefined;
}

export interface DashboardDataOptions {
  readonly hybridHome: string;
  /** The project's store, opened and kept by the daemon; undefined when it is not a project. */
  readonly storeOf: (
    root: string,
  ) => { root: string; store: Store; memory: MemoryStore | undefined } | undefined;
  /** The daemon's hook handling latency since it started. */
  readonly hookLatency: () => LatencySummary;
}

export class DashboardData {
  readonly known: KnownProjects;
  readonly metrics = new RecordedMetrics();
  readonly hub: LiveHub;
  private readonly entries = new Map<string, Entry>();
  /** Roots recorded() was told about: each is looked at once. */
  private readonly seen = new Set<string>();
  private active = false;
  private closed = false;

  constructor(private readonly options: DashboardDataOptions) {
    this.known = new KnownProjects(options.hybridHome);
    this.hub = new LiveHub({
      onEvents: (root, records) => {
        const entry = this.entries.get(root);
        if (entry === undefined) return;
        if (entry.waiting !== undefined) entry.waiting.push(...records);
        else for (const record of records) entry.aggregates.apply(record);
      },
    });
  }

  get hookLatency(): LatencySummary {
    return this.options.hookLatency();
  }

  /**
   * The dashboard or `/metrics` was asked for: from now on every known project is followed (its
   * past read once, its new events as they come). Until then a daemon that only answers hooks
   * reads no log and keeps no aggregates.
   */
  activate(): void {
    if (this.active) return;
    this.active = true;
    for (const root of this.known.list()) this.project(root);
  }

  /** Settles once every followed project's past is read. */
  async ready(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.ready));
  }

  /**
   * The daemon recorded events in `root` (a project, or the user-level store). Called for every
   * hook event: a root seen before costs one lookup.
   */
  recorded(root: string): void {
    if (this.entries.has(root)) {
      this.hub.recorded(root);
      return;
    }
    if (this.seen.has(root)) return;
    this.seen.add(root);
    if (this.options.storeOf(root)?.root !== root) return; // the user-level store
    this.known.add(root);
    if (this.active) this.project(root);
  }

  /** The project at `root`, followed from now on; undefined when it is not a known project. */
  project(root: string): DashboardProject | undefined {
    const existing = this.entries.get(root);
    if (existing !== undefined) return existing;
    if (this.closed) return undefined;
    const found = this.options.storeOf(root);
    if (found === undefined || found.root !== root) return undefined;
    this.known.add(root);
    const upTo = this.hub.watch(root, found.store);
    const entry: Entry = {
      root,
      store: found.store,
      memory: found.memory,
      aggregates: new ProjectAggregates(root, this.metrics),
      waiting: [],
      ready: Promise.resolve(),
    };
    entry.ready = this.readPast(entry, upTo);
    this.entries.set(root, entry);
    return entry;
  }

  close(): void {
    this.closed = true;
    this.hub.close();
    this.entries.clear();
  }

  private async readPast(entry: Entry, upTo: number): Promise<void> {
    let afterId = 0;
    try {
      while (afterId < upTo && !this.closed) {
        const page = entry.store.events.list({
          afterId,
          beforeId: upTo + 1,
          order: 'asc',
          limit: SEED_PAGE,
        });
        for (const record of page) entry.aggregates.apply(record);
        if (page.length < SEED_PAGE) break;
        afterId = page.at(-1)?.id ?? upTo;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch {
      // The store closed under us (the daemon is stopping): what was read is kept.
    }
    const waiting = entry.waiting ?? [];
    entry.waiting = undefined;
    for (const record of waiting) entry.aggregates.apply(record);
  }
}
