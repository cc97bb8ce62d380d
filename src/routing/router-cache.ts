import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE, ensurePrivateDirFor } from '../files/index.js';
import { join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { fastHashHex } from '../files/index.js';
import { VERSION } from '../version.js';
import { Bm25Index } from './bm25-index.js';
import { fileSource, padding } from './posting-blocks.js';
import { Router } from './router.js';
import type { RouteDecision, RouterOptions } from './router.js';
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

/** A RouteIndex whose router may read its cache file as it routes, until `close()`. */
export interface OpenRouteIndex extends RouteIndex {
  /** Releases the cache file; the router must not route after. */
  close(): void;
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

const MAGIC = 0x33_45_54_52; // "RTE3"
const HEADER_BYTES = 8;
/**
 * The first read of a cache file: enough for the agents' facts and the index's directory of
 * a few hundred agents, so most routes read the file in one call plus one per block of terms.
 */
const FIRST_READ = 64 * 1024;

/**
 * A Router over the registry's agents, reused from `$CLAUDE_HYBRID_HOME/cache/routing/` while
 * the registry is unchanged. The key is the registry's stamp (every file's mtime and size, in
 * scan order), the index options, the text normalisation and the Claude Hybrid version. A hit
 * reads one file: each agent's name, model and size, which agents are copies, and of the index
 * only the blocks of terms a route looks up, so `route` never parses the agent files or the
 * registry's own cache. `load` runs only on a miss. The file stays open for the router's
 * lookups: close the result when done routing.
 */
export function routeIndex(
  options: RouteIndexOptions,
  load: () => readonly LoadedAgent[],
): OpenRouteIndex {
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
  const built: OpenRouteIndex = {
    close: () => undefined,
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

/** Routes one task with the index for `options` (see routeIndex), closing it after. */
export function routeOnce(
  options: RouteIndexOptions,
  load: () => readonly LoadedAgent[],
  task: string,
  routeOptions: { readonly top?: number } = {},
): { readonly decision: RouteDecision; readonly agents: readonly RoutedAgent[] } {
  const index = routeIndex(options, load);
  try {
    return { decision: index.router.route(task, routeOptions), agents: index.agents };
  } finally {
    index.close();
  }
}

function readIndex(file: string, options: RouterOptions): OpenRouteIndex | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  let opened: OpenRouteIndex | undefined;
  try {
    opened = openIndex(fd, options);
    return opened;
  } catch {
    return undefined;
  } finally {
    if (opened === undefined) closeSync(fd);
  }
}

/** The index in the open file `fd`: it owns the file when it returns one, else the caller closes it. */
function openIndex(fd: number, options: RouterOptions): OpenRouteIndex | undefined {
  const length = fstatSync(fd).size;
  const head = Buffer.allocUnsafeSlow(Math.min(length, FIRST_READ));
  if (length < HEADER_BYTES || readSync(fd, head, 0, head.length, 0) !== head.length)
    return undefined;
  if (head.readUInt32LE(0) !== MAGIC) return undefined;
  const jsonLength = head.readUInt32LE(4);
  const indexStart = HEADER_BYTES + jsonLength + padding(jsonLength);
  if (length < indexStart) return undefined;
  let facts = head;
  if (indexStart > head.length) {
    facts = Buffer.allocUnsafeSlow(indexStart);
    if (readSync(fd, facts, 0, indexStart, 0) !== indexStart) return undefined;
  }
  let stored: StoredFacts;
  try {
    stored = JSON.parse(
      facts.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonLength),
    ) as StoredFacts; // our own file, checked below
  } catch {
    return undefined;
  }
  const { agents, copyOf } = stored;
  const index = Bm25Index.open(
    fileSource(
      fd,
      indexStart,
      length - indexStart,
      head.subarray(Math.min(indexStart, head.length)),
    ),
  );
  if (index === undefined) return undefined;
  if (
    !Array.isArray(agents) ||
    !Array.isArray(copyOf) ||
    copyOf.length !== agents.length ||
    index.size !== agents.length
  )
    return undefined; // the caller closes the file

  return {
    router: Router.fromIndex(
      agents.map((agent) => agent.name),
      options,
      index,
      copyOf,
    ),
    agents,
    close: () => {
      index.close();
    },
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
