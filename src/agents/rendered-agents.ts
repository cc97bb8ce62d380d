import { join } from 'node:path';
import { fastHashHex, readStampedCache, writeStampedCache } from '../files/index.js';
import type { AgentDefinition, AgentEntry } from './definition.js';
import { markManaged } from './managed-marker.js';
import { renderAgentFile } from './render-agent.js';

/** Bumped whenever rendering or the ownership mark changes what a deployed file holds. */
export const RENDERED_CACHE_FORMAT = 1;
/** Entries kept on disk: the agents of a few projects and a corpus, not every edit ever made. */
const MAX_ENTRIES = 1000;
const MAX_CHARS = 8_000_000;

/** An agent's file as deploy writes it: rendered (renderAgentFile) and marked as ours. */
export function deployedAgentText(definition: AgentDefinition): string {
  return markManaged(renderAgentFile(definition));
}

/**
 * What an agent's deployed text is made from, as the registry saw it: the file's path, mtime and
 * size, and the directory's BASE-AGENT.md (the registry's own parse cache trusts the same
 * stamp). Undefined for a definition the registry did not load.
 */
export type AgentStamp = (entry: AgentEntry) => string | undefined;

/**
 * The deployed text of each agent, kept on disk by the stamp of the file it was made from, so
 * that rebuilding the plugin or re-checking a deploy reads, renders (YAML) and hashes (sha256)
 * only what changed: those cost more than the rest of the command together. Only a cache: a bad
 * or foreign file means "render again", and a failed write is ignored.
 */
export class RenderedAgents {
  readonly #file: string | undefined;
  readonly #stamp: AgentStamp;
  #texts: Map<string, string> | undefined;
  readonly #used = new Map<string, string>();
  #missed = false;

  /** `cacheDir`: where the file lives (the agents cache); undefined keeps nothing on disk. */
  constructor(cacheDir: string | undefined, stamp: AgentStamp = () => undefined) {
    this.#file = cacheDir === undefined ? undefined : join(cacheDir, 'rendered.json');
    this.#stamp = stamp;
  }

  text(entry: AgentEntry): string {
    const stamp = this.#stamp(entry);
    if (stamp === undefined) return deployedAgentText(entry.definition);
    const key = fastHashHex(stamp);
    const known = this.#used.get(key) ?? this.stored().get(key);
    if (known !== undefined) {
      this.#used.set(key, known);
      return known;
    }
    const text = deployedAgentText(entry.definition);
    this.#used.set(key, text);
    this.#missed = true;
    return text;
  }

  /** Writes the texts rendered since opening, when there were any, after the older ones kept. */
  save(): void {
    if (this.#file === undefined || !this.#missed) return;
    // Built as a map: a key is a hash, but the file could say anything (`__proto__`).
    const texts = new Map<string, string>();
    let count = this.#used.size;
    let chars = 0;
    for (const text of this.#used.values()) chars += text.length;
    // Older entries not used this time, newest first, while they fit.
    const older = [...this.stored()].filter(([key]) => !this.#used.has(key)).reverse();
    const kept: [string, string][] = [];
    for (const [key, text] of older) {
      if (count >= MAX_ENTRIES || chars + text.length > MAX_CHARS) break;
      kept.push([key, text]);
      count += 1;
      chars += text.length;
    }
    for (const [key, text] of kept.reverse()) texts.set(key, text);
    for (const [key, text] of this.#used) texts.set(key, text);
    // Body: stamp key (see AgentStamp) → the deployed text, oldest first.
    writeStampedCache(this.#file, RENDERED_CACHE_FORMAT, Object.fromEntries(texts));
    this.#missed = false;
  }

  private stored(): ReadonlyMap<string, string> {
    if (this.#texts !== undefined) return this.#texts;
    this.#texts = new Map();
    if (this.#file === undefined) return this.#texts;
    const texts = readStampedCache(this.#file, RENDERED_CACHE_FORMAT) ?? {};
    for (const [key, text] of Object.entries(texts))
      if (typeof text === 'string') this.#texts.set(key, text);
    return this.#texts;
  }
}
