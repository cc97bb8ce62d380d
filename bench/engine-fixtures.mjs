// What the engine benches send: a model with prices and a large window, and a small request.
export const MODEL = {
  contextWindow: 1_000_000,
  maxOutputTokens: 8_192,
  pricing: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
};

export const request = (text) => ({
  model: 'claude-sonnet-5-5',
  system: [{ text: 'You are a terse engineer.' }],
  messages: [{ role: 'user', content: text }],
  maxTokens: 64,
});
