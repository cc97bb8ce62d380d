import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenAI-compatible `/embeddings` server for tests. Vectors are a deterministic
 * bag of words hashed into 64 dimensions, so texts sharing words are similar. It records every
 * request, and can be told to fail with a status.
 */
export interface FakeEmbeddingsServer {
  readonly baseUrl: string;
  readonly requests: { model: string; input: string[]; authorization: string | undefined }[];
  failWith(status: number | undefined): void;
  /** Replace the bag-of-words embedding, e.g. to give a test exact semantics. */
  embedWith(embed: ((text: string) => number[]) | undefined): void;
  close(): Promise<void>;
}

export function embedText(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0x811c9dc5;
    for (let index = 0; index < word.length; index += 1)
      hash = Math.imul(hash ^ word.charCodeAt(index), 0x01000193) >>> 0;
    vector[hash % 64] = (vector[hash % 64] ?? 0) + 1;
  }
  return vector;
}

export async function startFakeEmbeddingsServer(): Promise<FakeEmbeddingsServer> {
  const requests: FakeEmbeddingsServer['requests'] = [];
  let failure: number | undefined;
  let custom: ((text: string) => number[]) | undefined;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { model: string; input: string[] };
      requests.push({
        model: parsed.model,
        input: parsed.input,
        authorization: request.headers.authorization,
      });
      if (failure !== undefined) {
        response
          .writeHead(failure, { 'content-type': 'application/json' })
          .end('{"error":"failed on purpose"}');
        return;
      }
      const data = parsed.input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: (custom ?? embedText)(text),
      }));
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data, model: parsed.model }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listening on TCP, so an AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failWith: (status) => {
      failure = status;
    },
    embedWith: (embed) => {
      custom = embed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
