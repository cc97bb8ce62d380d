import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the next request gets: a reply, an error status, or a stream cut after some chunks. */
export type FakeOpenAiReply =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'status'; readonly status: number; readonly message: string }
  | { readonly kind: 'cut-stream'; readonly text: string };

/**
 * A loopback OpenAI-compatible `/v1/chat/completions` server (JSON and SSE streaming) for the
 * openai provider's tests. Replies are scripted in order; with none scripted it echoes the last
 * message. Usage counts four characters a token. It records every request body.
 */
export interface FakeOpenAi {
  readonly baseUrl: string;
  readonly requests: { body: Record<string, unknown>; authorization: string | undefined }[];
  script(...replies: FakeOpenAiReply[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: FakeOpenAi['requests'] = [];
  const queue: FakeOpenAiReply[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>; // tests send JSON
      requests.push({ body, authorization: request.headers.authorization });
      const messages = body.messages as { content: string }[]; // as the provider sends them
      const prompt = messages.map((message) => message.content).join('');
      const reply = queue.shift() ?? {
        kind: 'text',
        text: `echo: ${messages.at(-1)?.content ?? ''}`,
      };
      if (reply.kind === 'status') {
        response
          .writeHead(reply.status, { 'content-type': 'application/json', 'retry-after': '0' })
          .end(JSON.stringify({ error: { message: reply.message } }));
        return;
      }
      const usage = {
        prompt_tokens: Math.ceil(prompt.length / 4),
        completion_tokens: Math.ceil(reply.text.length / 4),
      };
      if (body.stream !== true) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-1',
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply.text },
                finish_reason: 'stop',
              },
            ],
            usage,
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const words = reply.text.split(/(?<= )/);
      const send = (data: unknown): void => {
        response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
      };
      for (const [index, word] of words.entries()) {
        if (reply.kind === 'cut-stream' && index === 2) {
          response.destroy();
          return;
        }
        send({
          id: 'chatcmpl-1',
          model: body.model,
          choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
        });
      }
      send({
        id: 'chatcmpl-1',
        model: body.model,
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      });
      send({ id: 'chatcmpl-1', model: body.model, choices: [], usage });
      send('[DONE]');
      response.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listening on TCP
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
