/* eslint-disable @typescript-eslint/require-await -- the public methods are async even where
   nothing is awaited, so that every error, thrown before or after an await, reaches the caller
   as a rejected promise */
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import {
  createEngine,
  memoryAgent,
  openResponseCache,
  planRoutedRun,
  routeInProject,
  routingAsk,
  runAgent,
} from '../engine/engine.bundle.js';
import type { AgentRunOptions, Engine } from '../engine/index.js';
import { HybridError } from '../errors.js';
import { createRuntime } from '../runtime.js';
import type { Runtime } from '../runtime.js';
import { RECORD_EVENT } from '../telemetry/event-door.js';
import type { RecordEvent } from '../telemetry/event-door.js';
import {
  checkHybridOptions,
  checkMemoryAddOptions,
  checkMemoryListOptions,
  checkMemorySearchOptions,
  checkRecentEventsOptions,
  checkRouteOptions,
  checkRunOptions,
  checkStatsOptions,
  checkText,
  checkWorkerOptions,
} from './options.js';
import { SHARED_MEMORY_PULL_MS } from './hybrid-context.js';
import type { HybridContext } from './hybrid-context.js';
import { skillsOf } from './hybrid-skills.js';
import { workflowsOf } from './hybrid-workflows.js';
import { textStream } from './text-stream.js';
import type {
  AgentSummary,
  CacheStatsView,
  DoctorOptions,
  DoctorReport,
  Hybrid,
  HybridOptions,
  HybridWorker,
  MemoryEntryView,
  MemoryHit,
  RecordedEvent,
  RouteOptions,
  RouteResult,
  RunOptions,
  RunResult,
  RunStatsSummary,
  StatsOptions,
  StreamChunk,
  WorkerOptions,
} from './types.js';
import { agentSummary, recordedEvent } from './views.js';
import { runStatsFromLog } from '../events/index.js';

/**
 * Opens a hybrid over the project at `options.cwd`: the same layered config and project store
 * as the CLI, and no server. A folder that is not in an initialised project is refused with
 * `store.not_initialized`, as the CLI refuses it.
 */
export async function openHybrid(raw: unknown): Promise<Hybrid> {
  const options = checkHybridOptions(raw);
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const loaded = await loadConfig({ cwd, env });
  const runtime = createRuntime({
    loaded,
    agentDirs: (options.agentDirs ?? []).map((dir) => resolve(cwd, dir)),
    cwd,
    env,
    source: 'library',
  });
  try {
    // Opening the store is what checks the project: before `init` it throws store.not_initialized.
    if (runtime.store.schemaVersion < 1) throw new Error('the project store has no schema');
  } catch (error) {
    runtime.close();
    throw error;
  }
  return new LibraryHybrid(runtime, options, cwd);
}

class LibraryHybrid implements Hybrid {
  readonly projectRoot: string;
  private readonly engine: Engine;
  private closed = false;
  private readonly workers = new Set<HybridWorker>();

  readonly workflows: Hybrid['workflows'];
  readonly skills: Hybrid['skills'];

  constructor(
    private readonly runtime: Runtime,
    private readonly options: HybridOptions,
    private readonly cwd: string,
  ) {
    this.projectRoot = runtime.loaded.projectRoot;
    this.engine = createEngine({
      runtime,
      env: options.env ?? process.env,
      ...(options.onWarning === undefined ? {} : { warn: options.onWarning }),
    });
    const context: HybridContext = {
      open: () => this.open(),
      runtime,
      cwd,
      projectRoot: this.projectRoot,
      provider: options.provider,
    };
    this.workflows = workflowsOf(context);
    this.skills = skillsOf(context);
  }

  /**
   * Events the fronts over this hybrid record on its behalf (the MCP server's `mcp.called`), on
   * its bus: persisted to the project's log and traced like its own. Not part of `Hybrid`.
   */
  readonly [RECORD_EVENT]: RecordEvent = (type, payload) => {
    if (!this.closed) this.runtime.bus.emit(type, payload);
  };

  /** Every public call starts here: a closed hybrid refuses, with a named error. */
  private open(): Engine {
    if (this.closed)
      throw new HybridError('engine.closed', 'this hybrid is closed', {
        exitCode: 2,
        hint: 'create a new one with createHybrid()',
      });
    return this.engine;
  }

  async route(task: string, options?: RouteOptions): Promise<RouteResult> {
    const engine = this.open();
    const checked = checkRouteOptions(options);
    return routeInProject(
      { loaded: this.runtime.loaded, registry: this.runtime.registry, env: engine.env },
      {
        task: checkText(task, 'task'),
        top: checked.top,
        model: checked.model,
        llmRoute: checked.llmRoute,
        ask: routingAsk(engine, { provider: this.options.provider }),
      },
    );
  }

  async run(task: string, options?: RunOptions): Promise<RunResult> {
    const engine = this.open();
    const checked = checkRunOptions(options);
    const text = checkText(task, 'task');
    if (checked.queue !== undefined) {
      if (checked.llmRoute !== undefined)
        throw new HybridError('engine.invalid_options', 'llmRoute does not go with a queue', {
          exitCode: 2,
          hint: "leave llmRoute out: a queued run is routed by the worker, with the worker's routing.llm",
        });
      const { runOnQueue } = await import('./queued.js');
      return runOnQueue(engine, checked.queue, {
        task: text,
        agent: checked.agent,
        model: checked.model,
        provider: checked.provider ?? this.options.provider,
        maxCostUsd: checked.maxCostUsd,
        cache: checked.cache !== false,
        escalate: checked.escalate === true,
        signal: checked.signal,
      });
    }
    return this.runWith(text, checked, undefined, undefined);
  }

  async worker(options: WorkerOptions): Promise<HybridWorker> {
    const engine = this.open();
    const checked = checkWorkerOptions(options);
    const { startWorker } = await import('./queued.js');
    const worker = await startWorker(engine, checked);
    this.workers.add(worker);
    return {
      close: async () => {
        this.workers.delete(worker);
        await worker.close();
      },
    };
  }

  stream(task: string, options?: RunOptions): AsyncIterable<StreamChunk> {
    // Checked now, so a bad call throws here rather than on the first iteration.
    this.open();
    const checked = checkRunOptions(options);
    if (checked.queue !== undefined)
      throw new HybridError('engine.invalid_options', 'stream does not go with a queue', {
        exitCode: 2,
        hint: 'use run(task, { queue }) for a queued run, or drop queue to stream here',
      });
    const text = checkText(task, 'task');
    return textStream(
      (onText, signal) => this.runWith(text, checked, onText, signal),
      checked.signal,
    );
  }

  /** A run of a checked task with checked options. */
  private async runWith(
    task: string,
    checked: RunOptions,
    onText: ((text: string) => void) | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RunResult> {
    const engine = this.open();
    await engine.syncSharedMemory({ maxAgeMs: SHARED_MEMORY_PULL_MS });
    const plan = await planRoutedRun(
      engine,
      {
        task,
        agent: checked.agent,
        model: checked.model,
        provider: checked.provider ?? this.options.provider,
        maxCostUsd: checked.maxCostUsd,
        llmRoute: checked.llmRoute,
      },
      { signal: signal ?? checked.signal, cache: checked.cache },
    );
    const runOptions: AgentRunOptions = {
      signal: signal ?? checked.signal,
      onText,
      onEvent: checked.onEvent,
      cache: checked.cache,
      escalate: checked.escalate,
    };
    return runAgent(engine, plan, runOptions);
  }

  readonly memory: Hybrid['memory'] = {
    add: async (agent, content, options) => {
      const engine = this.open();
      const { section } = checkMemoryAddOptions(options);
      const name = memoryAgent(engine, checkText(agent, 'agent'));
      const outcome = engine.memoryStore().add(name, checkText(content, 'content'), section);
      if (outcome.status === 'rejected')
        throw new HybridError('memory.rejected', `not added: ${outcome.reason}`, {
          exitCode: 2,
          hint: 'keep an entry to one line of plain text under 4 KB',
        });
      return { status: outcome.status, reason: null };
    },
    search: async (query, options) => {
      const engine = this.open();
      const checked = checkMemorySearchOptions(options);
      await engine.syncSharedMemory({ maxAgeMs: SHARED_MEMORY_PULL_MS });
      const hits = engine.memoryStore().search(checkText(query, 'query'), {
        ...(checked.agent === undefined ? {} : { agent: memoryAgent(engine, checked.agent) }),
        limit: checked.limit ?? 10,
      });
      return hits.map((hit): MemoryHit => ({
        agent: hit.agent,
        section: hit.section,
        date: hit.date,
        content: hit.content,
        score: hit.score,
      }));
    },
    list: async (options) => {
      const engine = this.open();
      const { agent } = checkMemoryListOptions(options);
      await engine.syncSharedMemory({ maxAgeMs: SHARED_MEMORY_PULL_MS });
      const store = engine.memoryStore();
      const agents = agent === undefined ? store.agents() : [memoryAgent(engine, agent)];
      return agents.flatMap((name) =>
        store.show(name).entries.map((entry): MemoryEntryView => ({
          agent: name,
          section: entry.section,
          date: entry.date,
          content: entry.content,
        })),
      );
    },
  };

  readonly agents: Hybrid['agents'] = {
    list: async (): Promise<readonly AgentSummary[]> => {
      this.open();
      return this.runtime.registry.load().agents.map(agentSummary);
    },
  };

  readonly events: Hybrid['events'] = {
    subscribe: (listener) => {
      this.open();
      if (typeof listener !== 'function')
        throw new HybridError('engine.invalid_options', 'events.subscribe needs a function', {
          exitCode: 2,
          hint: 'pass (event) => { … }',
        });
      return this.runtime.bus.subscribe(listener);
    },
    recent: async (options): Promise<readonly RecordedEvent[]> => {
      this.open();
      const { limit, sinceMs, ...filter } = checkRecentEventsOptions(options);
      // Events still queued on the bus are written first, so a call sees what it just caused.
      this.runtime.flushEvents();
      return this.runtime.store.events
        .list({
          ...filter,
          ...(sinceMs === undefined ? {} : { since: Date.now() - sinceMs }),
          limit: limit ?? 50,
          order: 'desc',
        })
        .map(recordedEvent);
    },
  };

  async stats(options?: StatsOptions): Promise<RunStatsSummary> {
    this.open();
    const { sinceMs } = checkStatsOptions(options);
    this.runtime.flushEvents();
    return runStatsFromLog(
      this.runtime.store.events,
      sinceMs === undefined ? 0 : Date.now() - sinceMs,
    ) satisfies RunStatsSummary;
  }

  readonly cache: Hybrid['cache'] = {
    stats: async (): Promise<CacheStatsView> => {
      const engine = this.open();
      const local = localCacheStats(engine);
      const shared = await engine.sharedCacheReport();
      return shared === undefined ? local : { ...local, shared };
    },
  };

  async doctor(options?: DoctorOptions): Promise<DoctorReport> {
    this.open();
    const { doctorOf } = await import('./doctor.js');
    return doctorOf(options, { cwd: this.cwd, env: this.options.env ?? process.env });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.workers].map((worker) => worker.close()));
    this.workers.clear();
    await this.engine.closeAndWait();
    // Flushes queued events to the store, then closes it.
    this.runtime.close();
  }
}

/** This machine's cache counters, from the engine's open cache or, when it is off, the file. */
function localCacheStats(engine: Engine): CacheStatsView {
  const cache = engine.responseCache();
  if (cache !== undefined) return cache.stats();
  // The cache is off for this project: its counters on disk are still the user's.
  const off = openResponseCache(engine.loaded.hybridHome, engine.config.cache);
  try {
    return off.stats();
  } finally {
    off.close();
  }
}
