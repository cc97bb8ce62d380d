/**
 * A server-sent events reader for tests: connects with the given headers (a cookie, a
 * Last-Event-ID), collects each message's `id` and parsed `data`, and closes when told.
 */
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: unknown;
}

export interface SseStream {
  readonly status: number;
  readonly messages: SseMessage[];
  close(): void;
}

export function openSse(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } },
      (response: IncomingMessage) => {
        const messages: SseMessage[] = [];
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let id: string | undefined;
            let event: string | undefined;
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) id = line.slice(4);
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length > 0) messages.push({ id, event, data: JSON.parse(data.join('\n')) });
          }
        });
        response.on('error', () => undefined);
        resolve({
          status: response.statusCode ?? 0,
          messages,
          close: () => {
            outgoing.destroy();
          },
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
