const UNITS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `90m`, `24h`, `7d`, `2w`, `30s` in milliseconds; undefined when it is not one of those. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = UNITS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
