import { join } from 'node:path';
import { NumberHash, fastHashHex } from '../files/index.js';
import { BASE_AGENT_FILE, childPath, listAgentFiles } from './agent-directory.js';
import { FileSource } from './file-source.js';
import type { AgentEntry, AgentFileProblem, AgentFileWarning, AgentScope } from './definition.js';
import { readAgentFile, statAgentFile } from './agent-file-reader.js';
import { parseFile } from './load-agent-file.js';
import type { DuplicateRecord, ShadowRecord } from './precedence.js';
import type { FileResult } from './load-agent-file.js';
import { agentSourceDirs } from './discovery.js';
import type { AgentSourceDir, DiscoveryOptions } from './discovery.js';
import { RenderedAgents } from './rendered-agents.js';
import { AgentRecord } from './agent-record.js';
import { resolvePrecedence } from './precedence.js';
import { readDiskCache, writeDiskCache } from './registry-disk-cache.js';
import type { DiskRecord } from './registry-disk-cache.js';

export interface ScannedDir {
  readonly dir: string;
  readonly scope: AgentScope;
  readonly explicit: boolean;
  readonly exists: boolean;
  readonly files: number;
}

export interface RegistrySnapshot {
  /** Effective agents, one per name, sorted by name. */
  readonly agents: readonly AgentEntry[];
  readonly shadowed: readonly ShadowRecord[];
  readonly duplicates: readonly DuplicateRecord[];
  readonly invalid: readonly AgentFileProblem[];
  readonly warnings: readonly AgentFileWarning[];
  readonly dirs: readonly ScannedDir[];
  /** How many agent files were parsed in this load, and how many came from the cache. */
  /**
   * Changes whenever any scanned file, its BASE-AGENT.md or the set of directories changes:
   * a key for caches built from the agents (such as the router's index).
   */
  readonly fingerprint: string;
  readonly stats: {
    readonly files: number;
    readonly valid: number;
    readonly parsed: number;
    readonly reused: number;
  };
}

interface CacheRecord {
  readonly scope: AgentScope;
  readonly mtimeMs: number;
  readonly size: number;
  readonly baseKey: string;
  readonly result: FileResult;
}

interface BaseAgent {
  readonly key: string;
  readonly text: string | undefined;
}

/**
 * Discovers agents in every source directory and resolves names by precedence
 * (project > custom > user > bundled). Results are cached per file by path, mtime and size
 * (and the directory's BASE-AGENT.md), so reloading unchanged files re-parses nothing.
 * Invalid files are reported and skipped; loading never throws on a bad file.
 */
export class AgentRegistry {
  private readonly cache = new Map<string, CacheRecord>();
  private readonly sources: readonly AgentSourceDir[];
  private readonly cacheDir: string | undefined;
  /** Directories whose disk cache this instance has already read. */
  private readonly seeded = new Set<string>();
  #rendered: RenderedAgents | undefined;

  constructor(options: DiscoveryOptions & { readonly cacheDir?: string | undefined }) {
    this.sources = agentSourceDirs(options);
    this.cacheDir = options.cacheDir;
  }

  get sourceDirs(): readonly AgentSourceDir[] {
    return this.sources;
  }

  /** The deployed texts of these agents, cached on disk beside the parse cache. */
  get rendered(): RenderedAgents {
    this.#rendered ??= new RenderedAgents(this.cacheDir, (entry) => {
      const cached = this.cache.get(entry.file);
      // Only the definition this registry loaded from that file as it was then.
      if (cached?.result.kind !== 'ok' || cached.result.definition !== entry.definition)
        return undefined;
      return `${entry.file}\0${cached.mtimeMs}\0${cached.size}\0${cached.baseKey}`;
    });
    return this.#rendered;
  }

  load(): RegistrySnapshot {
    const invalid: AgentFileProblem[] = [];
    const warnings: AgentFileWarning[] = [];
    const dirs: ScannedDir[] = [];
    // Sources come in precedence order and files in name order, so results are in order too.
    const results: FileResult[] = [];
    // What the fingerprint hashes: directories as text, file stamps hashed as they are read.
    const stamps = new NumberHash();
    const stampDirs: string[] = [];
    let parsed = 0;
    let reused = 0;
    for (const source of this.sources) {
      const listing = listAgentFiles(source.dir);
      dirs.push({
        dir: source.dir,
        scope: source.scope,
        explicit: source.explicit,
        exists: listing.exists,
        files: listing.files.length,
      });
      if (listing.error !== undefined)
        invalid.push({ file: source.dir, line: undefined, error: listing.error });
      if (listing.files.length === 0) continue;
      const baseFile = join(source.dir, BASE_AGENT_FILE);
      const base = listing.hasBase ? readBase(baseFile) : NO_BASE;
      if (base.error !== undefined)
        invalid.push({ file: baseFile, line: undefined, error: base.error });
      stampDirs.push(`${source.dir}\0${source.scope}\0${base.key}`);
      this.seedFromDisk(source, base);
      const parsedBefore = parsed;
      for (const name of listing.files) {
        const file = childPath(source.dir, name);
        const stat = statAgentFile(file);
        if ('error' in stat) {
          results.push({ kind: 'invalid', problem: { file, line: undefined, error: stat.error } });
          continue;
        }
        if (!stat.isFile) continue;
        stamps.add(stat.mtimeMs);
        stamps.add(stat.size);
        const cached = this.cache.get(file);
        if (
          cached !== undefined &&
          cached.mtimeMs === stat.mtimeMs &&
          cached.size === stat.size &&
          cached.baseKey === base.key &&
          cached.scope === source.scope
        ) {
          reused += 1;
          results.push(cached.result);
          continue;
        }
        parsed += 1;
        const result = parseFile(file, stat, source.scope, base.text);
        this.cache.set(file, {
          scope: source.scope,
          mtimeMs: stat.mtimeMs,
          size: stat.size,
          baseKey: base.key,
          result,
        });
        results.push(result);
      }
      if (parsed > parsedBefore) this.persist(source.dir, listing.files, base.key);
    }
    const entries: AgentEntry[] = [];
    for (const result of results) {
      if (result.kind === 'invalid') invalid.push(result.problem);
      else {
        warnings.push(...result.warnings);
        entries.push(result.entry);
      }
    }
    return {
      ...resolvePrecedence(entries),
      invalid,
      warnings,
      dirs,
      // Computed on first use: listings never need it, and hashing costs a cold start time.
      get fingerprint(): string {
        return fingerprintOf(stampDirs, stamps);
      },
      stats: { files: results.length, valid: entries.length, parsed, reused },
    };
  }

  /**
   * The fingerprint load() would report, from directory listings and file stats alone: no agent
   * file and no cache is read (only a BASE-AGENT.md, whose content is part of every prompt).
   */
  stamp(): string {
    const stamps = new NumberHash();
    const stampDirs: string[] = [];
    for (const source of this.sources) {
      const listing = listAgentFiles(source.dir);
      if (listing.files.length === 0) continue;
      const base = listing.hasBase ? readBase(join(source.dir, BASE_AGENT_FILE)) : NO_BASE;
      stampDirs.push(`${source.dir}\0${source.scope}\0${base.key}`);
      for (const name of listing.files) {
        const stat = statAgentFile(childPath(source.dir, name));
        if ('error' in stat || !stat.isFile) continue;
        stamps.add(stat.mtimeMs);
        stamps.add(stat.size);
      }
    }
    return fingerprintOf(stampDirs, stamps);
  }

  /** Fills the memory cache from this directory's disk cache, once per instance. */
  private seedFromDisk(source: AgentSourceDir, base: BaseAgent): void {
    if (this.cacheDir === undefined || this.seeded.has(source.dir)) return;
    this.seeded.add(source.dir);
    const records = readDiskCache(this.cacheDir, source.dir, base.key);
    if (records === undefined) return;
    for (const name in records) {
      const record = records[name];
      if (record === undefined) continue;
      const file = childPath(source.dir, name);
      if (this.cache.has(file)) continue;
      let result: FileResult;
      if (record.kind === 'invalid') {
        result = { kind: 'invalid', problem: record.problem };
      } else {
        const definition = new AgentRecord(record.data, new FileSource(file), base.text);
        result = {
          kind: 'ok',
          entry: {
            definition,
            scope: source.scope,
            file,
            managed: record.managed,
            size: record.size,
          },
          warnings: record.warnings,
          definition,
        };
      }
      this.cache.set(file, {
        scope: source.scope,
        mtimeMs: record.mtimeMs,
        size: record.size,
        baseKey: base.key,
        result,
      });
    }
  }

  private persist(dir: string, files: readonly string[], baseKey: string): void {
    if (this.cacheDir === undefined) return;
    const records = new Map<string, DiskRecord>();
    for (const name of files) {
      const cached = this.cache.get(childPath(dir, name));
      if (cached === undefined) continue;
      const { mtimeMs, size, result } = cached;
      records.set(
        name,
        result.kind === 'ok'
          ? {
              mtimeMs,
              size,
              kind: 'ok',
              data: result.definition.toData(),
              managed: result.entry.managed,
              warnings: result.warnings,
            }
          : { mtimeMs, size, kind: 'invalid', problem: result.problem },
      );
    }
    writeDiskCache(this.cacheDir, dir, baseKey, records);
  }
}

/** Directories (with their BASE-AGENT.md) and every file's mtime and size, in scan order. */
function fingerprintOf(dirs: readonly string[], stamps: NumberHash): string {
  return fastHashHex(`${dirs.join('\n')}\n${stamps.hex()}`);
}

const NO_BASE: BaseAgent & { error?: string } = { key: '', text: undefined };

function readBase(file: string): BaseAgent & { error?: string } {
  const stat = statAgentFile(file);
  if ('error' in stat) return { ...NO_BASE, error: stat.error };
  const read = readAgentFile(file, stat.mtimeMs, stat.size);
  if (read.kind === 'error') return { ...NO_BASE, error: read.error };
  return { key: `${stat.mtimeMs}:${stat.size}`, text: read.text };
}
