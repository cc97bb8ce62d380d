import { StoreError } from '../../errors.js';
import { withoutCredentials } from '../../files/index.js';

/** A validated `store.url`, with the form every message, error and log names it by. */
export interface PostgresUrl {
  /** The URL as given, credentials included: for the driver only, never printed. */
  readonly connectionString: string;
  /** The URL without user info and without a `password=` query parameter. */
  readonly display: string;
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);

/**
 * The URL without anything secret: user info (`user:password@`) and the `password` query
 * parameter libpq also accepts. What cannot be parsed as a URL is not shown at all.
 */
export function displayPostgresUrl(url: string): string {
  const stripped = withoutCredentials(url);
  try {
    const parsed = new URL(stripped);
    if (!parsed.searchParams.has('password')) return stripped;
    parsed.searchParams.delete('password');
    return parsed.toString().replace(/\/$/, '');
  } catch {
    // Not a URL at all: nothing in it can be told apart from a secret, so none of it is shown.
    return '(not a URL)';
  }
}

/**
 * Checks `store.url` before anything connects: a `postgres://` or `postgresql://` URL with a
 * host. Anything else is the user's to fix (exit 2); the message names the URL without secrets.
 */
export function parsePostgresUrl(url: string): PostgresUrl {
  const display = displayPostgresUrl(url);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !SCHEMES.has(parsed.protocol) || parsed.hostname === '') {
    throw new StoreError(
      'store.invalid_url',
      `store.url ${JSON.stringify(display)} is not a postgres:// URL with a host`,
      {
        hint: 'Set store.url (or CLAUDE_HYBRID_STORE_URL) to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or to an empty string for the project SQLite database.',
        exitCode: 2,
      },
    );
  }
  return { connectionString: url, display };
}
