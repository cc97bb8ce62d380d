import { describe, expect, it } from 'vitest';
import { TokenCounter } from '../llm/index.js';
import type { ModelRequest } from '../llm/index.js';
import { fitContext } from './context-fit.js';
import { ContextTracker } from '../models/index.js';

const request = (characters: number, maxTokens = 100): ModelRequest => ({
  model: 'tiny-model',
  system: [],
  messages: [{ role: 'user', content: 'x'.repeat(characters) }],
  maxTokens,
});

/** A counter whose endpoint says what we tell it, and counts its calls. */
function counter(tokens: number): { counter: TokenCounter; calls: () => number } {
  let calls = 0;
  return {
    counter: new TokenCounter({
      remote: () => {
        calls += 1;
        return Promise.resolve(tokens);
      },
    }),
    calls: () => calls,
  };
}

describe('ContextTracker', () => {
  it('reports each threshold once, lowest first', () => {
    const tracker = new ContextTracker(1_000);
    expect(tracker.observe(500)).toEqual([]);
    expect(tracker.observe(900)).toEqual([0.7, 0.85]);
    expect(tracker.observe(880)).toEqual([]);
    expect(tracker.observe(960)).toEqual([0.95]);
    expect(tracker.observe(990)).toEqual([]);
  });
});

describe('fitContext', () => {
  it('sizes small prompts by characters without counting', async () => {
    const { counter: tokens, calls } = counter(10);
    const fit = await fitContext({
      request: request(400),
      window: 10_000,
      counter: tokens,
      tracker: new ContextTracker(10_000),
    });
    expect(fit).toMatchObject({ promptTokens: 100, method: 'chars', crossed: [] });
    expect(calls()).toBe(0);
  });

  it('counts a prompt near the window, warns, and lowers the output limit to fit', async () => {
    const { counter: tokens, calls } = counter(900);
    const fit = await fitContext({
      request: request(3_000, 500),
      window: 1_000,
      counter: tokens,
      tracker: new ContextTracker(1_000),
    });
    expect(calls()).toBe(1);
    expect(fit).toMatchObject({ promptTokens: 900, method: 'provider', crossed: [0.7, 0.85] });
    expect(fit.request.maxTokens).toBe(100);
  });

  it('refuses a prompt that fills the window, before any call', async () => {
    const { counter: tokens } = counter(1_000);
    await expect(
      fitContext({
        request: request(4_000),
        window: 1_000,
        counter: tokens,
        tracker: new ContextTracker(1_000),
      }),
    ).rejects.toMatchObject({ code: 'engine.context_overflow', exitCode: 2 });
  });
});
