import { fastHashHex, lazyRequire } from '../files/index.js';
import type { ModelRequest } from './types.js';

export type CountMethod = 'provider' | 'tokenizer' | 'chars';

export interface TokenCount {
  readonly tokens: number;
  readonly method: CountMethod;
}

export interface TokenCounterOptions {
  /** The provider's count endpoint (exact); used first when given. */
  readonly remote?: ((request: ModelRequest, signal?: AbortSignal) => Promise<number>) | undefined;
  /**
   * Count with the local tokenizer (Claude 2's BPE, `@anthropic-ai/tokenizer`: close for newer
   * models, not exact; loading it costs about 100 ms, once per process). @default true
   */
  readonly local?: boolean;
  /** Distinct texts remembered. @default 1000 */
  readonly cacheSize?: number;
}

interface Encoder {
  encode(text: string, allowedSpecial?: 'all'): { length: number };
}

let encoder: Encoder | undefined;

/** The text of a request as the model reads it: system blocks, then the messages. */
export function requestText(request: ModelRequest): string {
  return [
    ...request.system.map((block) => block.text),
    ...request.messages.map((message) => message.content),
  ].join('\n\n');
}

/** About four characters a token: the free estimate every tier falls back to. */
export function charEstimate(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Counts a request's input tokens, most exact first: the provider's count endpoint where one is
 * given and answers, else the local tokenizer, else four characters a token. Results are
 * remembered by a hash of the text, so a prompt counted once is free after that.
 */
export class TokenCounter {
  private readonly remote: TokenCounterOptions['remote'];
  private readonly local: boolean;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, TokenCount>();

  constructor(options: TokenCounterOptions = {}) {
    this.remote = options.remote;
    this.local = options.local ?? true;
    this.cacheSize = options.cacheSize ?? 1_000;
  }

  async count(request: ModelRequest, signal?: AbortSignal): Promise<TokenCount> {
    const text = requestText(request);
    const key = `${request.model}\n${text.length}\n${fastHashHex(text)}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    return this.remember(key, await this.countFresh(request, text, signal));
  }

  private async countFresh(
    request: ModelRequest,
    text: string,
    signal: AbortSignal | undefined,
  ): Promise<TokenCount> {
    if (this.remote !== undefined) {
      try {
        return { tokens: await this.remote(request, signal), method: 'provider' };
      } catch {
        // The endpoint is an optimisation: fall through to a local count, unless aborted.
        signal?.throwIfAborted();
      }
    }
    return this.countLocally(text);
  }

  /**
   * Counts a piece of text without a provider: the local tokenizer (loaded on first use), else
   * four characters a token. Synchronous, for packing many small texts (recalled memory) into a
   * budget.
   */
  countText(text: string): TokenCount {
    const key = `text\n${text.length}\n${fastHashHex(text)}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    return this.remember(key, this.countLocally(text));
  }

  /** Keeps a count, forgetting the oldest beyond `cacheSize`. */
  private remember(key: string, counted: TokenCount): TokenCount {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, counted);
    return counted;
  }

  private countLocally(text: string): TokenCount {
    if (this.local) {
      try {
        encoder ??= (
          lazyRequire('@anthropic-ai/tokenizer') as { getTokenizer: () => Encoder }
        ).getTokenizer(); // the package's own API
        return {
          tokens: encoder.encode(text.normalize('NFKC'), 'all').length,
          method: 'tokenizer',
        };
      } catch {
        // No tokenizer (not installed, or its WASM failed): the character estimate below.
      }
    }
    return { tokens: charEstimate(text), method: 'chars' };
  }
}
