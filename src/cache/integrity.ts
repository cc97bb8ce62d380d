import type {
  createHmac as CreateHmac,
  randomBytes as RandomBytes,
  timingSafeEqual as TimingSafeEqual,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ensurePrivateDirFor, lazyRequire, notWritableError } from '../files/index.js';

interface Crypto {
  createHmac: typeof CreateHmac;
  randomBytes: typeof RandomBytes;
  timingSafeEqual: typeof TimingSafeEqual;
}

let crypto: Crypto | undefined;
function nodeCrypto(): Crypto {
  crypto ??= lazyRequire('node:crypto') as Crypto; // the builtin's own types
  return crypto;
}

/**
 * The per-installation secret that signs cache entries: 32 random bytes in a file only the
 * owner can read (mode 0600), created on first use. Creation uses O_EXCL, so two processes
 * starting at once agree on one secret: the loser reads the winner's.
 */
export function loadSecret(file: string): Buffer {
  try {
    const existing = readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch {
    // Not there yet: create it below.
  }
  ensurePrivateDirFor(file);
  const secret = nodeCrypto().randomBytes(32);
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
    if (code !== 'EEXIST')
      throw notWritableError(
        `cannot create ${file} (${code}), which the response cache needs`,
        error,
        'make the Claude Hybrid home (CLAUDE_HYBRID_HOME) writable, or turn the response cache off (cache.enabled: false)',
      );
    return readFileSync(file);
  }
}

/** HMAC-SHA256 of an entry: its key and payload, so a payload moved to another key fails too. */
export function signEntry(secret: Buffer, key: string, payload: string): string {
  return nodeCrypto()
    .createHmac('sha256', secret)
    .update(key)
    .update('\n')
    .update(payload)
    .digest('hex');
}

/** Whether `mac` is the entry's signature (compared in constant time). */
export function verifyEntry(secret: Buffer, key: string, payload: string, mac: string): boolean {
  const expected = Buffer.from(signEntry(secret, key, payload), 'hex');
  const actual = Buffer.from(mac, 'hex');
  return actual.length === expected.length && nodeCrypto().timingSafeEqual(actual, expected);
}
