/**
 * One POST (or the session's DELETE) to the daemon's `/mcp` over a bare `node:net` socket (`node:http` costs a new
 * process about 3 ms to load, and every `claude-hybrid mcp` is a new process): a hand-written
 * HTTP/1.1 request with `Connection: close`, and the answer read as it arrives. The daemon sends
 * server-sent events without chunking on such a connection (the body ends when it closes), and
 * everything else with a Content-Length, so no chunked decoding is needed.
 */
import type * as Net from 'node:net';
import { lazyRequire } from '../files/lazy-require.js';

export interface PostAnswer {
  readonly status: number;
  readonly sessionId: string | undefined;
}

export function postToDaemon(options: {
  readonly port: number;
  /** @default 'POST' */
  readonly method?: 'POST' | 'DELETE';
  /** Header lines (`name: value`), without the request line and the body's own headers. */
  readonly headers: readonly string[];
  readonly body: string;
  /** Each JSON-RPC message of the answer, as it arrives: every event of a stream, or the body. */
  readonly onMessage: (text: string, status: number) => void;
}): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const { connect } = lazyRequire('node:net') as typeof Net;
    const socket = connect({ port: options.port, host: '127.0.0.1', noDelay: true });
    let head: { status: number; sessionId: string | undefined; stream: boolean } | undefined;
    let pending = '';
    let raw = Buffer.alloc(0);
    socket.on('connect', () => {
      socket.write(
        `${options.method ?? 'POST'} /mcp HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\n${options.headers.join('\r\n')}\r\n` +
          `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
          `Content-Length: ${Buffer.byteLength(options.body)}\r\nConnection: close\r\n\r\n${options.body}`,
      );
    });
    const events = (): void => {
      for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
        const data = pending
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        pending = pending.slice(end + 2);
        if (data !== '' && head !== undefined) options.onMessage(data, head.status);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (head === undefined) {
        raw = Buffer.concat([raw, chunk]);
        const split = raw.indexOf('\r\n\r\n');
        if (split === -1) return;
        const text = raw.subarray(0, split).toString('latin1');
        head = {
          status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0),
          sessionId: /\r\nmcp-session-id: *([^\r\n]+)/i.exec(text)?.[1],
          stream: /\r\ncontent-type: *text\/event-stream/i.test(text),
        };
        pending = raw.subarray(split + 4).toString('utf8');
        raw = Buffer.alloc(0);
      } else pending += chunk.toString('utf8');
      if (head.stream) events();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (head === undefined) {
        reject(new Error('the daemon closed the connection without an answer'));
        return;
      }
      if (!head.stream && pending.trim() !== '') options.onMessage(pending.trim(), head.status);
      resolve({ status: head.status, sessionId: head.sessionId });
    });
  });
}
