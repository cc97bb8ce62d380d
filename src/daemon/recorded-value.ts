import type { HookEventPayload } from '../events/index.js';
import type { HookInput } from './hook-events.js';

/** Longest string kept in a recorded payload; tool outputs can be megabytes. */
const MAX_RECORDED_STRING = 16 * 1024;

/**
 * A value with every long string cut and every deep or long structure bounded: recorded events
 * are telemetry, not tool outputs. Hook events and what the transcript reconciler recovers go
 * through this same cut.
 */
export function trimmed(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > MAX_RECORDED_STRING
      ? `${value.slice(0, MAX_RECORDED_STRING)}… [${value.length - MAX_RECORDED_STRING} more characters]`
      : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => trimmed(item, depth + 1));
  // fromEntries defines keys, so a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, trimmed(item, depth + 1)]),
  );
}

/** The hook input as recorded: every long string cut. */
export function trimmedInput(input: HookInput): HookEventPayload {
  // fromEntries defines keys, so a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(Object.entries(input).map(([key, item]) => [key, trimmed(item, 1)]));
}
