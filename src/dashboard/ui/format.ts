/** How numbers, times and ids read on the page. Pure functions: tested in format.test.ts. */

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  const magnitude = Math.abs(usd);
  if (magnitude >= 100) return `$${usd.toFixed(0)}`;
  if (magnitude >= 1) return `$${usd.toFixed(2)}`;
  if (magnitude >= 0.01) return `$${usd.toFixed(3)}`;
  // Two significant digits without trailing zeros ($0.00008, not $0.000080); String() writes
  // plain decimals down to 1e-6.
  return magnitude >= 1e-6 ? `$${String(Number(usd.toPrecision(2)))}` : `$${usd.toPrecision(2)}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

/** A duration for a chart axis: `250ms`, `2.5s`, `2m`, `1h`. */
export function formatDurationShort(ms: number): string {
  if (ms < 10) return `${String(Number(ms.toPrecision(2)))}ms`;
  if (ms < 1000) return `${trim(ms)}ms`;
  if (ms < 60_000) return `${trim(ms / 1000)}s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)}m`;
  return `${trim(ms / 3_600_000)}h`;
}

export function formatCount(count: number): string {
  const magnitude = Math.abs(count);
  if (magnitude < 1000) return String(Math.round(count));
  if (magnitude < 1_000_000) return `${trim(count / 1000)}k`;
  if (magnitude < 1_000_000_000) return `${trim(count / 1_000_000)}M`;
  return `${trim(count / 1_000_000_000)}B`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}

export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** Local wall-clock time, `HH:MM:SS.mmm`. */
export function formatClock(ts: number): string {
  const date = new Date(ts);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** Local date and time to the minute, `YYYY-MM-DD HH:MM`. */
export function formatDateTime(ts: number): string {
  const date = new Date(ts);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How long ago, coarse: `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAgo(ts: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ts) / 1000));
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** The first 8 characters of a session or run id: enough to tell them apart on screen. */
export function shortId(id: string | null): string {
  if (id === null) return '—';
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** A payload as indented JSON text; something JSON cannot hold is shown as its string. */
export function formatPayload(payload: unknown): string {
  try {
    return JSON.stringify(payload, null, 2) ?? String(payload);
  } catch {
    return String(payload);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
