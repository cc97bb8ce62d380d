import type { Engine } from '../engine/index.js';
import type { ProviderName } from './types.js';
import type { Runtime } from '../runtime.js';

/** What a hybrid's namespaces (workflows, skills) need of the hybrid that holds them. */
export interface HybridContext {
  /** The engine; throws HybridError('engine.closed') once the hybrid is closed. */
  open(): Engine;
  readonly runtime: Runtime;
  /** The folder the hybrid was opened in. */
  readonly cwd: string;
  readonly projectRoot: string;
  /** HybridOptions.provider: the provider a call uses when it names none. */
  readonly provider: ProviderName | undefined;
}

/**
 * With a shared store, a run, a workflow or a memory search or list first pulls what other
 * machines' agents learned, at most this often: a loop of runs does not ask Postgres each time.
 */
export const SHARED_MEMORY_PULL_MS = 1000;
