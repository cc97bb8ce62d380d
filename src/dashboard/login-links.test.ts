import { describe, expect, it } from 'vitest';
import { LINK_TTL_MS, LoginLinks, cookieToken, sessionCookie } from './login-links.js';

describe('LoginLinks', () => {
  it('redeems each code once, before it expires', () => {
    let now = 0;
    const links = new LoginLinks(() => now);
    const first = links.issue();
    const second = links.issue();
    expect(first).not.toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(links.redeem(first)).toBe(true);
    expect(links.redeem(first)).toBe(false);
    now += LINK_TTL_MS;
    expect(links.redeem(second)).toBe(false);
    expect(links.redeem('')).toBe(false);
  });

  it('keeps at most 64 codes waiting, dropping the oldest', () => {
    const links = new LoginLinks(() => 0);
    const codes = Array.from({ length: 65 }, () => links.issue());
    expect(links.redeem(codes[0] ?? '')).toBe(false);
    expect(links.redeem(codes[64] ?? '')).toBe(true);
  });
});

describe('the cookie', () => {
  it('is named for the port and read back only under that name', () => {
    const header = sessionCookie(4100, 'tok');
    expect(header).toMatch(/^claude_hybrid_4100=tok; HttpOnly; SameSite=Strict; Path=\//);
    expect(cookieToken('a=1; claude_hybrid_4100=tok; b=2', 4100)).toBe('tok');
    expect(cookieToken('claude_hybrid_4101=tok', 4100)).toBeUndefined();
    expect(cookieToken(undefined, 4100)).toBeUndefined();
  });
});
