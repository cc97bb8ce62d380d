import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE, ensurePrivateDirFor } from '../files/index.js';
import { join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { fastHashHex } from '../files/index.js';
import { VERSION } from '../version.js';
import { Bm25Index, padding } from './bm25-index.js';
import { Router } from './router.js';
import type { RouterOptions } from './router.js';
import { NORMALISATION_REVISION } from './text.js';

/** What `route` needs of an agent besides the index: its model and its file's size. */
export interface RoutedAgent {
  readonly name: string;
  readonly model: string | undefined;
  /** Bytes of the agent file: the prompt-size estimate. */
  readonly size: number;
}

export interface RouteIndex {
  readonly router: Router;
  /** In index order. */
  readonly agents: readonly RoutedAgent[];
}

export interface LoadedAgent {
  readonly definition: AgentDefinition;
  readonly size: number;
}

export interface RouteIndexOptions extends RouterOptions {
  /** Where indexes are kept; undefined builds in memory every time. */
  readonly cacheDir?: string | undefined;
  /** The registry's state (AgentRegistry.stamp()): every agent file's mtime and size. */
  readonly fingerprint: string;
}

/** The JSON part of the file: the agents' facts and which agents are copies (Router.copies). */
interface StoredFacts {
  readonly agents: RoutedAgent[];
  readonly copyOf: number[];
}

const MAGIC = 0x32_45_54_52; // "RTE2"
const HEADER_BYTES = 8;

/**
 * A Router over the registry's agents, reused from `$CLAUDE_HYBRID_HOME/cache/routing/` while
 * the registry is unchanged. The key is the registry's stamp (every file's mtime and size, in
 * scan order), the index options, the text normalisation and the Claude Hybrid version. A hit
 * reads one file: the index, each agent's name, model and size, and which agents are copies, so
 * `route` never parses the agent files or the registry's own cache. `load` runs only on a miss.
 */
export function routeIndex(
  options: RouteIndexOptions,
  load: () => readonly LoadedAgent[],
): RouteIndex {
  const file =
    options.cacheDir === undefined
      ? undefined
      : join(
          options.cacheDir,
          `${fastHashHex(
            [
              VERSION,
              NORMALISATION_REVISION,
              options.fingerprint,
              JSON.stringify(options.bm25 ?? {}),
            ].join('\n'),
          )}.route`,
        );
  const cached = file === undefined ? undefined : readIndex(file, options);
  if (cached !== undefined) return cached;
  const loaded = load();
  const built: RouteIndex = {
    router: new Router(
      loaded.map((agent) => agent.definition),
      options,
    ),
    agents: loaded.map(({ definition, size }) => ({
      name: definition.name,
      model: definition.model,
      size,
    })),
  };
  if (file !== undefined) writeIndex(file, built);
  return built;
}

function readIndex(file: string, options: RouterOptions): RouteIndex | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const jsonLength = bytes.readUInt32LE(4);
  const indexStart = HEADER_BYTES + jsonLength + padding(jsonLength);
  if (bytes.length < indexStart) return undefined;
  let stored: StoredFacts;
  try {
    stored = JSON.parse(
      bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonLength),
    ) as StoredFacts; // our own file, checked below
  } catch {
    return undefined;
  }
  const { agents, copyOf } = stored;
  const index = Bm25Index.deserialize(bytes.subarray(indexStart));
  if (
    !Array.isArray(agents) ||
    !Array.isArray(copyOf) ||
    copyOf.length !== agents.length ||
    index === undefined ||
    index.size !== agents.length
  )
    return undefined;
  return {
    router: Router.fromIndex(
      agents.map((agent) => agent.name),
      options,
      index,
      copyOf,
    ),
    agents,
  };
}

function writeIndex(file: string, built: RouteIndex): void {
  try {
    ensurePrivateDirFor(file);
    const facts: StoredFacts = { agents: [...built.agents], copyOf: [...built.router.copies] };
    const json = Buffer.from(JSON.stringify(facts), 'utf8');
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(json.length, 4);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(
      temp,
      Buffer.concat([
        header,
        json,
        Buffer.alloc(padding(json.length)),
        built.router.serializeIndex(),
      ]),
      { mode: PRIVATE_FILE_MODE },
    );
    renameSync(temp, file);
  } catch {
    // A read-only home only costs speed.
  }
}
