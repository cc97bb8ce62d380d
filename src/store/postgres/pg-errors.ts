import { StoreError, isHybridError } from '../../errors.js';
import type { HybridError } from '../../errors.js';

/** Network-level failures: the server is not there, not answering, or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether an error means the server could not be reached (rather than refused a statement):
 * a socket error, pg's connection timeout, or a Postgres connection-class SQLSTATE (08xxx,
 * 57P01-57P03: shut down or starting up).
 */
export function isUnreachable(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || /^(08|57P0[1-3])/.test(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /timeout|Connection terminated/i.test(message);
}

function unreachable(display: string, error: unknown): StoreError {
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(
    'store.unreachable',
    `cannot reach the Postgres store at ${display}: ${detail}`,
    {
      hint: 'Check that the server is running and reachable from here, and the host and port in store.url (or CLAUDE_HYBRID_STORE_URL).',
      cause: error,
    },
  );
}

/**
 * Any failure from the Postgres store as a StoreError naming the URL without secrets: already
 * typed errors (a StoreError, pg missing) pass through, an unreachable server is `store.unreachable`, the rest
 * `store.failed`. pg's own messages never contain the password (it sends it, never echoes it).
 */
export function toPgStoreError(error: unknown, doing: string, display: string): HybridError {
  if (isHybridError(error)) return error;
  if (isUnreachable(error)) return unreachable(display, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(
    'store.failed',
    `${doing} in the Postgres store at ${display} failed: ${detail}`,
    {
      hint: 'The Postgres error is the cause; run with --debug to see it.',
      cause: error,
    },
  );
}
