import { describe, expect, it } from 'vitest';
import { TokenCounter, charEstimate } from './token-counter.js';
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

  it('falls back to the local tokenizer, then to four characters a token', async () => {
    const failing = new TokenCounter({ remote: () => Promise.reject(new Error('endpoint down')) });
    const code = 'function add(a, b) { return a + b; }\n'.repeat(20);
    const local = await failing.count(request(code));
    expect(local.method).toBe('tokenizer');
    // Code is punctuation-heavy: more tokens than the character estimate says.
    expect(local.tokens).toBeGreaterThan(charEstimate(code) * 0.8);
    expect(local.tokens).toBeLessThan(code.length);
    const plain = new TokenCounter({ local: false });
    await expect(plain.count(request('12345678'))).resolves.toEqual({
      tokens: charEstimate('You are terse.\n\n12345678'),
      method: 'chars',
    });
  });

  it('does not fall back when the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    const counter = new TokenCounter({ remote: () => Promise.reject(new Error('aborted')) });
    await expect(counter.count(request('x'), controller.signal)).rejects.toThrow('stopped');
  });
});
