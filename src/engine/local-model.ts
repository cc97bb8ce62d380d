import type { ModelInfo } from '../models/index.js';

/**
 * A model an OpenAI-compatible server runs that the model table does not list: free, and
 * assumed to have a small context window (32k is what common local models ship with).
 */
export const LOCAL_MODEL: ModelInfo = {
  contextWindow: 32_768,
  maxOutputTokens: 8_192,
  pricing: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
};
