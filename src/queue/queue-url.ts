import { QueueError } from '../errors.js';
import { withoutCredentials } from '../files/index.js';

/** A checked queue URL: the one to connect with, and the one to show (no credentials). */
export interface QueueUrl {
  readonly url: string;
  readonly shown: string;
}

/** Checks a `redis://` or `rediss://` URL; anything else is `queue.invalid_url` (exit 2). */
export function parseQueueUrl(url: string): QueueUrl {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined ||
    (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') ||
    parsed.hostname === ''
  )
    throw new QueueError('queue.invalid_url', `"${withoutCredentials(url)}" is not a Redis URL`, {
      hint: 'pass e.g. --queue redis://127.0.0.1:6379 (or set queue.url)',
      exitCode: 2,
    });
  return { url, shown: withoutCredentials(url) };
}
