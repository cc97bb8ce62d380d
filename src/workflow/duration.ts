const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
/** A step may wait at most a day for one attempt. */
const MAX_MS = 86_400_000;

/** `90s`, `5m`, `1h`, `500ms`, or a number of seconds, in ms; undefined when not a duration. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 && value * 1_000 <= MAX_MS
      ? value * 1_000
      : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(value.trim());
  if (match === null) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  return ms > 0 && ms <= MAX_MS ? ms : undefined;
}
