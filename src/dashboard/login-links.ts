/**
 * One-time links into the dashboard. `claude-hybrid dashboard` asks the daemon (with its token)
 * for a link; opening it exchanges the code for an HttpOnly, SameSite=Strict cookie holding the
 * token, so the page's own requests carry it and no page script ever sees it. A code works
 * once and for a few minutes, so a link left in a terminal's scrollback or a browser's history
 * opens nothing later.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a link works. */
export const LINK_TTL_MS = 5 * 60_000;
/** Codes waiting to be used at once; the oldest is dropped beyond it. */
const MAX_WAITING = 64;
/** The cookie lives as long as a browser keeps it; the token itself stays valid across restarts. */
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;

export class LoginLinks {
  private readonly waiting = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new code, valid once for LINK_TTL_MS. */
  issue(): string {
    const code = randomBytes(24).toString('base64url');
    if (this.waiting.size >= MAX_WAITING) {
      const oldest = this.waiting.keys().next().value;
      if (oldest !== undefined) this.waiting.delete(oldest);
    }
    this.waiting.set(code, this.now() + LINK_TTL_MS);
    return code;
  }

  /** Whether `code` is a live code; it is used up either way. */
  redeem(code: string): boolean {
    const expires = this.waiting.get(code);
    this.waiting.delete(code);
    for (const [each, until] of this.waiting) if (until <= this.now()) this.waiting.delete(each);
    return expires !== undefined && expires > this.now();
  }
}

/**
 * The cookie's name: one per port, because browsers keep cookies per host, not per port, and two
 * daemons (two homes) on 127.0.0.1 must not overwrite each other's.
 */
export function cookieName(port: number): string {
  return `claude_hybrid_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}`;
}

/** The token in the request's cookie for this port, or undefined. */
export function cookieToken(header: string | undefined, port: number): string | undefined {
  if (header === undefined) return undefined;
  const prefix = `${cookieName(port)}=`;
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  }
  return undefined;
}

/** Constant-time comparison of a given token with the daemon's. */
export function sameToken(given: string, expected: Buffer): boolean {
  const buffer = Buffer.from(given);
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}
