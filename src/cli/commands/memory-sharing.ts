import { hostname } from 'node:os';
import type { LoadedConfig } from '../../config/index.js';
import { SharedStoreConnection } from '../../store/postgres/index.js';
import { MemoryReplica } from './memory.bundle.js';

/** The memory commands' link to the shared store (`store.url`): loaded only when it is set. */
export interface MemorySharing {
  readonly replica: MemoryReplica;
  /** Waits for the pushes in flight, then ends the connection. */
  close(): Promise<void>;
}

export function openMemorySharing(
  loaded: LoadedConfig,
  warn: (message: string) => void,
): MemorySharing {
  const connection = new SharedStoreConnection(loaded.config.store.url);
  // The same origin the engine gives this project, so a run here skips what a command pushed.
  const replica = new MemoryReplica({
    log: connection.memory,
    origin: `${hostname()}:${loaded.projectRoot}`,
    warn,
  });
  return {
    replica,
    async close() {
      await replica.flush();
      await connection.close();
    },
  };
}
