import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import type { ModelRequest, ModelResponse } from '../llm/index.js';
import { LruCache } from './lru-cache.js';
import { requestKey } from './request-key.js';
import { ResponseCache } from './response-cache.js';

const request: ModelRequest = {
  model: 'claude-sonnet-5-5',
  system: [{ text: 'You are the engineer. Follow the conventions.', cache: true }],
  messages: [{ role: 'user', content: 'add a flag' }],
  maxTokens: 1_000,
};

const response = (text: string): ModelResponse => ({
  id: `msg_${text}`,
  model: 'claude-sonnet-5-5',
  content: [{ type: 'text', text }],
  text,
  stopReason: 'end_turn',
  usage: { inputTokens: 10, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0 },
});

describe('requestKey', () => {
  it('changes with anything that changes the answer, the agent prompt included', () => {
    const base = requestKey('anthropic', request);
    expect(requestKey('anthropic', { ...request })).toBe(base);
    const variants: ModelRequest[] = [
      {
        ...request,
        system: [{ text: 'You are the engineer. Follow the conventions!', cache: true }],
      },
      { ...request, system: [{ text: 'You are the engineer. Follow the conventions.' }] },
      { ...request, model: 'claude-opus-5-5' },
      { ...request, messages: [{ role: 'user', content: 'add a flag.' }] },
      { ...request, maxTokens: 999 },
      { ...request, temperature: 0 },
      { ...request, stopSequences: ['END'] },
    ];
    const keys = new Set([
      base,
      requestKey('sim', request),
      ...variants.map((variant) => requestKey('anthropic', variant)),
    ]);
    expect(keys.size).toBe(variants.length + 2);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used past the byte cap and expires after the TTL', () => {
    let now = 0;
    const cache = new LruCache<string>({ maxBytes: 10, ttlMs: 100, now: () => now });
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C', 4); // 12 bytes: b goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    expect(cache.evictions).toBe(1);
    cache.set('huge', 'H', 11);
    expect(cache.get('huge')).toBeUndefined();
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(4);
  });
});

describe('ResponseCache', () => {
  let dir: string;
  let cleanup: () => void;
  let now: number;
  const open = (extra: { maxBytes?: number } = {}): ResponseCache =>
    ResponseCache.open({
      path: join(dir, 'cache', 'responses.db'),
      secretPath: join(dir, 'secret.key'),
      ttlMs: 1_000,
      now: () => now,
      ...extra,
    });
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    now = 1_000_000;
  });
  afterEach(() => {
    cleanup();
  });

  it('serves from memory, then from disk in a new process, and counts hits and misses', () => {
    const key = requestKey('anthropic', request);
    const first = open();
    expect(first.get(key)).toBeUndefined();
    first.set(key, response('hello'));
    expect(first.get(key)?.text).toBe('hello');
    first.close();
    const second = open(); // as a new process would: empty memory, same file
    expect(second.get(key)?.text).toBe('hello');
    expect(second.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1, tampered: 0 });
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    second.close();
  });

  it('drops and counts a tampered entry instead of serving it', () => {
    const key = requestKey('anthropic', request);
    const cache = open();
    cache.set(key, response('genuine'));
    cache.close();
    const db = new Database(join(dir, 'cache', 'responses.db'));
    const payload = (db.prepare('SELECT payload FROM responses').get() as { payload: string })
      .payload; // our column
    db.prepare('UPDATE responses SET payload = ?').run(payload.replaceAll('genuine', 'forged!'));
    db.close();
    const reopened = open();
    expect(reopened.get(key)).toBeUndefined();
    expect(reopened.stats()).toMatchObject({ tampered: 1, entries: 0 });
    reopened.close();
  });

  it('refuses entries signed with another installation secret', () => {
    const key = requestKey('anthropic', request);
    const cache = open();
    cache.set(key, response('mine'));
    cache.close();
    const secret = readFileSync(join(dir, 'secret.key'));
    expect(secret.length).toBe(32);
    const other = ResponseCache.open({
      path: join(dir, 'cache', 'responses.db'),
      secretPath: join(dir, 'other-secret.key'),
      now: () => now,
    });
    expect(other.get(key)).toBeUndefined();
    expect(other.stats().tampered).toBe(1);
    other.close();
  });

  it('expires entries after the TTL and keeps the disk tier under its cap', () => {
    const cache = open({ maxBytes: 2_000 });
    const key = requestKey('anthropic', request);
    cache.set(key, response('old'));
    now += 1_000;
    cache.close();
    const later = open({ maxBytes: 2_000 });
    expect(later.get(key)).toBeUndefined();
    for (let index = 0; index < 64; index += 1) {
      now += 1;
      later.set(`k${index}`, response(`answer ${index} ${'x'.repeat(100)}`));
    }
    const stats = later.stats();
    expect(stats.bytes).toBeLessThanOrEqual(2_000 + 300 * 32); // at most one amortised batch over
    expect(stats.evictions).toBeGreaterThan(0);
    expect(later.clear()).toBeGreaterThan(0);
    expect(later.stats()).toMatchObject({ entries: 0, hits: 0 });
    later.close();
  });
});
