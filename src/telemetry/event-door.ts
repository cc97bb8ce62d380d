import type { EventMap, EventType } from '../events/index.js';

/**
 * Where a library hybrid takes events recorded on its behalf by the fronts built over it (the
 * MCP server records each tool call): a registered symbol, so it is no part of the public
 * `Hybrid` surface and works across bundles.
 */
export const RECORD_EVENT = Symbol.for('claude-hybrid.record-event');

export type RecordEvent = <Type extends EventType>(type: Type, payload: EventMap[Type]) => void;

/** The hybrid's event door, or undefined for another Hybrid implementation (a test double). */
export function recordEventOf(target: object): RecordEvent | undefined {
  const door = (target as { [RECORD_EVENT]?: unknown })[RECORD_EVENT];
  return typeof door === 'function' ? (door as RecordEvent) : undefined; // set by LibraryHybrid
}
