import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ResponseCache } from '../cache/index.js';
import type { Config, LoadedConfig } from '../config/index.js';
import type { Provider } from '../llm/index.js';
import { MemoryReplica } from '../memory/index.js';
import type { MemoryStore } from '../memory/index.js';
import { loadModelTable } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import type { ResilientClient } from '../resilience/index.js';
import type { Runtime } from '../runtime.js';
import { traceEngine } from '../telemetry/engine-tracing.js';
import { SharedStoreConnection, displayPostgresUrl } from '../store/postgres/index.js';
import { CheckpointStore, sqliteCheckpoints } from '../workflow/index.js';
import type { CheckpointRepository } from '../workflow/index.js';
import { agentMemory, openMemoryStore } from './agent-memory.js';
import type { SharedCacheReport } from './cache-admin.js';
import type { AgentMemory } from './agent-memory.js';
import { clientFor } from './client-for.js';
import { createProvider } from './create-provider.js';
import type { RoutingSettings } from './pick-agent.js';
import { chooseProvider } from './provider-choice.js';
import type { ProviderChoice, ProviderName } from './provider-choice.js';
import { openResponseCache } from './response-cache-file.js';
import { attachSharedEvents } from './shared-events.js';
import type { SharedEventSink } from './shared-events.js';

export interface EngineOptions {
  /** The project's runtime: config, registry, store and bus. The engine does not close it. */
  readonly runtime: Runtime;
  /** Where providers read their keys (ANTHROPIC_API_KEY, ...). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Receives what must not fail a run already paid for (memory that could not be written).
   * @default writes `warning: …` to standard error
   */
  readonly warn?: (message: string) => void;
}

/**
 * Everything an agent run needs beyond the runtime, built on first use and kept for the
 * engine's life: the model table, memory, the response cache, providers and clients. One engine
 * serves any number of runs (the CLI's one, a workflow's steps, a library user's calls).
 */
export class Engine {
  readonly runtime: Runtime;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly warn: (message: string) => void;
  private table: ModelTable | undefined;
  private memoryState: { readonly value: AgentMemory | undefined } | undefined;
  private memoryStoreValue: MemoryStore | undefined;
  private checkpointStore: CheckpointRepository | undefined;
  private sharedStoreValue: SharedStoreConnection | undefined;
  private sharedEvents: SharedEventSink | undefined;
  private replicaState: { readonly value: MemoryReplica | undefined } | undefined;
  private pulling: Promise<number> | undefined;
  private lastPullAt = Number.NEGATIVE_INFINITY;
  private closing: Promise<void> | undefined;
  private cacheState: { readonly value: ResponseCache | undefined } | undefined;
  private readonly providers = new Map<string, Provider>();
  private closed = false;

  constructor(options: EngineOptions) {
    this.runtime = options.runtime;
    this.env = options.env ?? process.env;
    this.warn =
      options.warn ??
      ((message) => {
        process.stderr.write(`warning: ${message}\n`);
      });
    // Spans of this engine's runs and workflows when an OTLP endpoint is configured; nothing
    // is loaded otherwise. A malformed endpoint stops here, before any work.
    traceEngine(this.runtime, this.env, this.warn);
    // With a shared store, the bus's events go to its log too (the connection opens on the
    // first batch). Without one nothing Postgres-related is created.
    const shared = this.sharedStore();
    if (shared !== undefined) {
      this.sharedEvents = attachSharedEvents(this.runtime.bus, shared.events, {
        batchSize: this.config.events.batchSize,
        flushIntervalMs: this.config.events.flushIntervalMs,
        warn: this.warn,
      });
    }
  }

  get loaded(): LoadedConfig {
    return this.runtime.loaded;
  }

  get config(): Config {
    return this.runtime.loaded.config;
  }

  /** The model table config names (bundled unless `models.table` says otherwise). */
  get models(): ModelTable {
    this.table ??= loadModelTable(this.config.models.table, this.loaded.projectRoot);
    return this.table;
  }

  /** The project's memory, or undefined outside an initialised project or when it is off. */
  get memory(): AgentMemory | undefined {
    this.memoryState ??= {
      value: agentMemory(this.runtime, this.warn, this.memoryReplica()?.push),
    };
    return this.memoryState.value;
  }

  /** The project's memory files and index, for memory commands (needs an initialised project). */
  memoryStore(): MemoryStore {
    this.memoryStoreValue ??= openMemoryStore(this.runtime, this.memoryReplica()?.push);
    return this.memoryStoreValue;
  }

  /**
   * With a shared store, this project's memory as a replica of its memory log: what is added
   * here is pushed (in the background), and syncSharedMemory() pulls what others added.
   */
  private memoryReplica(): MemoryReplica | undefined {
    if (this.replicaState === undefined) {
      const shared = this.sharedStore();
      this.replicaState = {
        value:
          shared === undefined
            ? undefined
            : new MemoryReplica({
                log: shared.memory,
                origin: `${hostname()}:${this.loaded.projectRoot}`,
                warn: this.warn,
              }),
      };
    }
    return this.replicaState.value;
  }

  /**
   * Applies to this project's memory what other machines added to the shared store's memory
   * log since the last pull, so the next recall (synchronous, local) sees it. Resolves to the
   * number of entries applied and never rejects: a failure is warned about once and runs go on
   * with the memory they have. Does nothing without `store.url`, outside an initialised
   * project, or with memory off; with `maxAgeMs`, nothing when the last pull started within
   * that many milliseconds (a worker pulls before each job, at most once a second). A pull in
   * progress is shared, not repeated.
   */
  syncSharedMemory(options: { readonly maxAgeMs?: number } = {}): Promise<number> {
    if (this.config.store.url === '' || this.closed) return Promise.resolve(0);
    if (!this.loaded.initialized || !this.config.memory.enabled) return Promise.resolve(0);
    if (this.pulling !== undefined) return this.pulling;
    const now = performance.now();
    if (now - this.lastPullAt < (options.maxAgeMs ?? 0)) return Promise.resolve(0);
    const replica = this.memoryReplica();
    if (replica === undefined) return Promise.resolve(0);
    this.lastPullAt = now;
    const pulling = replica
      .pull(this.memoryStore())
      .catch((error: unknown) => {
        replica.report('read from', error);
        return 0;
      })
      .finally(() => {
        this.pulling = undefined;
      });
    this.pulling = pulling;
    return pulling;
  }

  /**
   * The shared Postgres store `store.url` names (CLAUDE_HYBRID_STORE_URL overrides it), or
   * undefined for the project's SQLite default. It connects on first use; close() ends it.
   */
  sharedStore(): SharedStoreConnection | undefined {
    const url = this.config.store.url;
    if (url === '') return undefined;
    this.sharedStoreValue ??= new SharedStoreConnection(url);
    return this.sharedStoreValue;
  }

  /**
   * The workflow checkpoints: the shared Postgres store when `store.url` is set, else the
   * project's database (needs an initialised project), its statements prepared once.
   */
  checkpoints(): CheckpointRepository {
    this.checkpointStore ??=
      this.sharedStore()?.checkpoints ??
      sqliteCheckpoints(new CheckpointStore(this.runtime.store.db));
    return this.checkpointStore;
  }

  /**
   * How the router is set up for this project (threshold, fallback, its index cache), for the
   * agents whose snapshot has this fingerprint.
   */
  routing(fingerprint: string): RoutingSettings {
    const { config, loaded } = this;
    return {
      defaultAgent: config.routing.defaultAgent,
      threshold: config.routing.threshold,
      generalist: config.routing.generalist,
      fingerprint,
      cacheDir: config.agents.cache ? join(loaded.hybridHome, 'cache', 'routing') : undefined,
    };
  }

  /**
   * The response cache in the user directory, in front of the shared store's when `store.url`
   * is set, or undefined when `cache.enabled` is off (both tiers then). Opened once, closed by
   * close().
   */
  responseCache(): ResponseCache | undefined {
    if (this.cacheState === undefined) {
      const settings = this.config.cache;
      this.cacheState = { value: settings.enabled ? this.openCache(settings) : undefined };
    }
    return this.cacheState.value;
  }

  /** The shared store's response cache table and its entry count; undefined without one. */
  async sharedCacheReport(): Promise<SharedCacheReport | undefined> {
    const store = this.sharedStore();
    if (store === undefined) return undefined;
    const entries = await store.responseCache().count();
    return { store: displayPostgresUrl(this.config.store.url), entries };
  }

  private openCache(settings: Config['cache']): ResponseCache {
    const tier = this.sharedStore()?.responseCache({ ttlMs: settings.ttlSeconds * 1000 });
    return openResponseCache(
      this.loaded.hybridHome,
      settings,
      tier === undefined ? undefined : { tier, warn: this.warn },
    );
  }

  /** The provider a run uses: the caller's, else config `engine.provider`, else the environment. */
  chooseProvider(requested: string | undefined): ProviderChoice {
    const configured = this.config.engine.provider;
    return chooseProvider({
      flag: requested,
      configured: configured === 'auto' ? undefined : configured,
      env: this.env,
    });
  }

  /** One provider per name and tool set (Claude Code is allowed exactly the agent's tools). */
  provider(name: ProviderName, tools: readonly string[]): Provider {
    const key = `${name}\n${tools.join(',')}`;
    let provider = this.providers.get(key);
    if (provider === undefined) {
      provider = createProvider(name, {
        env: this.env,
        cwd: this.loaded.projectRoot,
        openaiBaseUrl: this.config.engine.openaiBaseUrl,
        clouds: this.config.provider,
        table: () => this.models,
        tools,
      });
      this.providers.set(key, provider);
    }
    return provider;
  }

  /** The process's resilient client for a provider and its key. */
  client(name: ProviderName): ResilientClient {
    return clientFor(name, this.env, this.config);
  }

  /**
   * Closes the response cache and starts ending the shared store (its queued events written
   * first). The runtime stays open: its owner closes it. The pool lets the process exit once
   * idle, so not awaiting is safe; closeAndWait() is for callers that can wait.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const cache = this.cacheState?.value;
    cache?.close();
    this.cacheState = undefined;
    // The connection is kept, closed: a later call through it fails with store.failed rather
    // than falling back to the project's SQLite checkpoints.
    const sharedEvents = this.sharedEvents;
    const sharedStore = this.sharedStoreValue;
    const replica = this.replicaState?.value;
    const pulling = this.pulling;
    this.sharedEvents = undefined;
    this.closing = (async () => {
      // Answers still being written to the shared cache, and memory pushed by this process's
      // runs, reach the store before the pool ends.
      await cache?.settled();
      await pulling;
      await replica?.flush();
      await sharedEvents?.close();
      await sharedStore?.close();
    })().catch((error: unknown) => {
      this.warn(`the shared store did not close cleanly: ${String(error)}`);
    });
  }

  /** close(), then waits until the shared store's last events are written and its pool ended. */
  async closeAndWait(): Promise<void> {
    this.close();
    await this.closing;
  }
}
