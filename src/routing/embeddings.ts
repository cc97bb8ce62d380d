import { ProviderError } from '../errors.js';
import { basicAuth, jsonHeaders, withoutCredentials } from '../files/index.js';

/** Turns texts into vectors. One call may embed many texts. */
export interface EmbeddingsProvider {
  /** Identifies the provider and model, so cached vectors from another model are never mixed in. */
  readonly id: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface OpenAiEmbeddingsOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  readonly baseUrl: string;
  /** Embedding model name, e.g. `nomic-embed-text`. */
  readonly model: string;
  /** Sent as a bearer token when set; never logged or shown in errors. */
  readonly apiKey?: string | undefined;
  /** Per-request timeout, in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /** Injected for tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** An OpenAI-compatible `POST {baseUrl}/embeddings` client (works with Ollama, vLLM, OpenAI). */
export function openAiCompatibleEmbeddings(options: OpenAiEmbeddingsOptions): EmbeddingsProvider {
  const baseUrl = withoutCredentials(options.baseUrl).replace(/\/+$/, '');
  const basic = basicAuth(options.baseUrl);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    id: `${baseUrl}#${options.model}`,
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/embeddings`, {
          method: 'POST',
          headers: {
            ...jsonHeaders(options.apiKey),
            ...(basic !== undefined && (options.apiKey ?? '') === ''
              ? { authorization: basic }
              : {}),
          },
          body: JSON.stringify({ model: options.model, input: texts }),
          signal: combined,
        });
      } catch (error) {
        throw new ProviderError(
          'embeddings.unreachable',
          `cannot reach the embeddings server at ${baseUrl}: ${(error as Error).message}`,
          {
            hint: 'start the server (e.g. ollama serve) or check routing.embeddingsUrl; routing works without rerank',
            cause: error,
            retryable: true,
          },
        );
      }
      if (!response.ok) {
        throw new ProviderError(
          'embeddings.failed',
          `the embeddings server answered ${response.status} ${response.statusText}`.trim(),
          {
            hint: 'check routing.embeddingsModel names a model the server has',
            status: response.status,
            retryable: response.status === 429 || response.status >= 500,
          },
        );
      }
      const body = (await response.json()) as {
        data?: { embedding?: unknown; index?: unknown }[];
      } | null; // checked below
      const data = body?.data;
      if (!Array.isArray(data) || data.length !== texts.length) {
        throw new ProviderError(
          'embeddings.bad_response',
          `the embeddings server returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`,
          {
            hint: 'the server must speak the OpenAI embeddings API',
          },
        );
      }
      const vectors: number[][] = new Array<number[]>(texts.length);
      data.forEach((item, position) => {
        const index = typeof item.index === 'number' ? item.index : position;
        const vector = item.embedding;
        if (!Array.isArray(vector) || !vector.every((value) => typeof value === 'number')) {
          throw new ProviderError(
            'embeddings.bad_response',
            'an embedding is not a list of numbers',
            { hint: 'the server must speak the OpenAI embeddings API' },
          );
        }
        vectors[index] = vector;
      });
      return vectors;
    },
  };
}

export function cosine(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}
