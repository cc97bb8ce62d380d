import { join } from 'node:path';
import { registryForConfig } from './agents/index.js';
import type { AgentRegistry } from './agents/index.js';
import type { LoadedConfig } from './config/index.js';
import { PROJECT_DIR, stateDbPath } from './config/index.js';
import { StoreError } from './errors.js';
import { attachEventPersistence, createEventBus } from './events/index.js';
import type { EventBus, EventPersistence } from './events/index.js';
import { openStore } from './store/index.js';
import type { Store } from './store/index.js';

export interface RuntimeOptions {
  readonly loaded: LoadedConfig;
  /** `--agents-dir` values, resolved against `cwd`. */
  readonly agentDirs?: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Clock for event timestamps. @default Date.now */
  readonly clock?: () => number;
  /** Event `source` field. @default 'cli' */
  readonly source?: string;
}

/**
 * The single composition root. Every part is a lazy getter, so a command builds only what it
 * uses: `agents list` never opens the database, and `--version` builds no runtime at all.
 */
export interface Runtime {
  readonly loaded: LoadedConfig;
  readonly registry: AgentRegistry;
  /** The project store; throws StoreError `store.not_initialized` before `init`. */
  readonly store: Store;
  /** The event bus. In an initialised project its events are persisted in batches. */
  readonly bus: EventBus;
  /** Writes the events still queued on the bus to the store now (nothing outside a project). */
  flushEvents(): void;
  /** Flushes queued events and closes the store. Safe to call more than once. */
  close(): void;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { loaded } = options;
  let registry: AgentRegistry | undefined;
  let store: Store | undefined;
  let bus: EventBus | undefined;
  let persistence: EventPersistence | undefined;

  const runtime: Runtime = {
    loaded,
    get registry(): AgentRegistry {
      registry ??= registryForConfig(loaded, options);
      return registry;
    },
    get store(): Store {
      if (store !== undefined) return store;
      if (!loaded.initialized) {
        const atHome = join(loaded.projectRoot, PROJECT_DIR) === loaded.hybridHome;
        throw new StoreError(
          'store.not_initialized',
          atHome
            ? `${loaded.hybridHome} is your user directory (CLAUDE_HYBRID_HOME), not a project`
            : `no .claude-hybrid/ folder in ${loaded.projectRoot} or above`,
          {
            hint: atHome
              ? "run commands from a project folder, after 'claude-hybrid init' there"
              : "run 'claude-hybrid init' in the project root first",
            exitCode: 2,
          },
        );
      }
      store = openStore({
        path: stateDbPath(loaded.projectRoot),
        busyTimeoutMs: loaded.config.store.busyTimeoutMs,
      });
      return store;
    },
    get bus(): EventBus {
      if (bus !== undefined) return bus;
      bus = createEventBus({
        source: options.source ?? 'cli',
        ...(options.clock === undefined ? {} : { clock: options.clock }),
      });
      if (loaded.initialized) {
        persistence = attachEventPersistence(bus, runtime.store.events, {
          batchSize: loaded.config.events.batchSize,
          flushIntervalMs: loaded.config.events.flushIntervalMs,
        });
      }
      return bus;
    },
    flushEvents(): void {
      persistence?.flush();
    },
    close(): void {
      persistence?.close();
      persistence = undefined;
      store?.close();
      store = undefined;
    },
  };
  return runtime;
}
