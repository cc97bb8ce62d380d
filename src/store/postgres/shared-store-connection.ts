import { StoreError } from '../../errors.js';
import type { CheckpointRepository } from '../../workflow/checkpoint-repository.js';
import type { SharedMemoryLog } from '../../memory/shared-memory-log.js';
import type { PgEvents } from './pg-events.js';
import type { PgResponseCache, PgResponseCacheOptions } from './pg-response-cache.js';
import { displayPostgresUrl, parsePostgresUrl } from './postgres-url.js';
import type { SharedStore, SharedStoreOptions } from './shared-store.js';
import { openSharedStore } from './shared-store.js';

/**
 * The shared store opened on first use: a process that has `store.url` set but never touches a
 * checkpoint or writes an event never connects. The repositories are usable at once; each call
 * waits for the open. A failed open is not kept: the next call tries once more (each attempt
 * bounded by the connect timeout), so a worker outlives a short outage without reconnecting
 * in the background.
 */
export class SharedStoreConnection {
  private opening: Promise<SharedStore> | undefined;
  private closed = false;
  readonly checkpoints: CheckpointRepository;
  readonly events: PgEvents;
  readonly memory: SharedMemoryLog;

  constructor(
    private readonly url: string,
    private readonly options: SharedStoreOptions = {},
  ) {
    // A malformed URL is the user's to fix: refused here, before any work, not at first use.
    parsePostgresUrl(url);
    const store = (): Promise<SharedStore> => this.open();
    this.checkpoints = {
      createRun: async (run) => (await store()).checkpoints.createRun(run),
      run: async (id) => (await store()).checkpoints.run(id),
      runs: async (limit) => (await store()).checkpoints.runs(limit),
      steps: async (runId) => (await store()).checkpoints.steps(runId),
      step: async (runId, stepId) => (await store()).checkpoints.step(runId, stepId),
      setRunStatus: async (id, status, error, pid) =>
        (await store()).checkpoints.setRunStatus(id, status, error, pid),
      startStep: async (runId, stepId) => (await store()).checkpoints.startStep(runId, stepId),
      completeIteration: async (runId, stepId, iteration, result, done) =>
        (await store()).checkpoints.completeIteration(runId, stepId, iteration, result, done),
      addStepCost: async (runId, stepId, costUsd) =>
        (await store()).checkpoints.addStepCost(runId, stepId, costUsd),
      finishStep: async (runId, stepId, status, error) =>
        (await store()).checkpoints.finishStep(runId, stepId, status, error),
      reopen: async (id, pid, seen) => (await store()).checkpoints.reopen(id, pid, seen),
      cancelAbandoned: async (id, reason) =>
        (await store()).checkpoints.cancelAbandoned(id, reason),
    };
    this.events = {
      appendBatch: async (events) => (await store()).events.appendBatch(events),
      query: async (query) => (await store()).events.query(query),
    };
    this.memory = {
      append: async (entries, origin) => (await store()).memory.append(entries, origin),
      identity: async () => (await store()).memory.identity(),
      rowsAfter: async (afterId, limit) => (await store()).memory.rowsAfter(afterId, limit),
    };
  }

  /**
   * The shared response cache read with these options; like the repositories, usable at once,
   * each call waiting for the open. A failed open fails the call (the next one tries again).
   */
  responseCache(options: PgResponseCacheOptions = {}): PgResponseCache {
    // Made on the first call that finds the store open: a failed open is not kept, a
    // successful one is, so there is only ever one store to make it from.
    let tier: PgResponseCache | undefined;
    const opened = async (): Promise<PgResponseCache> => {
      const store = await this.open();
      tier ??= store.responseCache(options);
      return tier;
    };
    return {
      get: async (key) => (await opened()).get(key),
      set: async (key, value) => (await opened()).set(key, value),
      count: async () => (await opened()).count(),
      clear: async () => (await opened()).clear(),
    };
  }

  /** The open store, opening (and migrating) it on the first call. */
  open(): Promise<SharedStore> {
    if (this.closed)
      return Promise.reject(
        new StoreError(
          'store.failed',
          `the shared store at ${displayPostgresUrl(this.url)} was closed`,
        ),
      );
    if (this.opening === undefined) {
      const opening = openSharedStore(this.url, this.options);
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** Ends the pool if it was opened. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    if (opening === undefined) return;
    const store = await opening.catch(() => undefined);
    await store?.close();
  }
}
