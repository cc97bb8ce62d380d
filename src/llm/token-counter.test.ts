import { describe, expect, it } from 'vitest';
import { TokenCounter, calibratedEstimate, charEstimate } from './token-counter.js';
import type { ModelRequest } from './types.js';

const request = (text: string): ModelRequest => ({
  model: 'claude-sonnet-5-5',
  system: [{ text: 'You are terse.' }],
  messages: [{ role: 'user', content: text }],
  maxTokens: 100,
});

describe('TokenCounter', () => {
  it('prefers the provider endpoint, and remembers each text', async () => {
    let calls = 0;
    const counter = new TokenCounter({
      remote: () => {
        calls += 1;
        return Promise.resolve(42);
      },
    });
    await expect(counter.count(request('hello'))).resolves.toEqual({
      tokens: 42,
      method: 'provider',
    });
    await counter.count(request('hello'));
    expect(calls).toBe(1);
    await counter.count(request('hello again'));
    expect(calls).toBe(2);
  });

  it('falls back to the calibrated character estimate when the endpoint fails', async () => {
    const failing = new TokenCounter({ remote: () => Promise.reject(new Error('endpoint down')) });
    const code = 'function add(a, b) { return a + b; }\n'.repeat(20);
    const counted = await failing.count(request(code));
    expect(counted).toEqual({
      tokens: calibratedEstimate(`You are terse.\n\n${code}`),
      method: 'chars',
    });
    // Code is punctuation-heavy: more tokens than four characters a token says.
    expect(counted.tokens).toBeGreaterThan(charEstimate(code));
    const offline = new TokenCounter();
    await expect(offline.count(request('12345678'))).resolves.toEqual({
      tokens: calibratedEstimate('You are terse.\n\n12345678'),
      method: 'chars',
    });
    expect(offline.countText('hello world')).toEqual({ tokens: 3, method: 'chars' });
  });

  it('does not fall back when the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    const counter = new TokenCounter({ remote: () => Promise.reject(new Error('aborted')) });
    await expect(counter.count(request('x'), controller.signal)).rejects.toThrow('stopped');
  });
});

describe('calibratedEstimate', () => {
  // Claude 2's BPE counts (@anthropic-ai/tokenizer) for each text, measured when it was removed.
  it.each([
    ['English prose', 'The quick brown fox jumps over the lazy dog. '.repeat(10), 101],
    ['JSON', JSON.stringify({ a: [1, 2, 3], b: { c: 'd' } }).repeat(10), 150],
    ['Japanese', '日本語のテキストはトークンが多いです。これはテストです。', 25],
  ])('stays near the BPE count for %s, where four characters a token may not', (_, text, bpe) => {
    expect(calibratedEstimate(text) / bpe).toBeGreaterThan(0.9);
    expect(calibratedEstimate(text) / bpe).toBeLessThan(1.25);
  });

  it('counts letters, punctuation, spaces and non-ASCII characters at their own rates', () => {
    expect(calibratedEstimate('')).toBe(0);
    expect(calibratedEstimate('abcdeABCDE')).toBe(2);
    expect(calibratedEstimate('{};,.')).toBe(4);
    expect(calibratedEstimate(' '.repeat(20))).toBe(3);
    expect(calibratedEstimate('日本')).toBe(2);
  });
});
