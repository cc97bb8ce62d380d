/**
 * One request to the daemon over a bare `node:net` socket: a hand-written HTTP/1.1 request, and
 * the answer read up to its Content-Length (the daemon always sends one). Every short call to the
 * daemon goes this way (the node hook relay, the CLI): `node:http` costs a new process about 3 ms
 * to load, and `node:net`, loaded only when a request is made, about half that.
 */
import type * as Net from 'node:net';
import { lazyRequire } from '../files/lazy-require.js';

export function rawRequest(options: {
  readonly port: number;
  readonly method: 'GET' | 'POST';
  /** Path and query, already percent-encoded. */
  readonly path: string;
  /** Sent as `Authorization: Bearer`; `/health` needs none. */
  readonly token?: string | undefined;
  /** JSON text. */
  readonly body?: string | undefined;
  /** More request headers, names and values already valid (no CR or LF). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { connect } = lazyRequire('node:net') as typeof Net;
    const socket = connect({ port: options.port, host: '127.0.0.1', noDelay: true });
    let received = Buffer.alloc(0);
    socket.setTimeout(options.timeoutMs, () =>
      socket.destroy(new Error(`the daemon did not answer in ${options.timeoutMs} ms`)),
    );
    socket.on('connect', () => {
      const body = options.body ?? '';
      socket.write(
        `${options.method} ${options.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          (options.token === undefined ? '' : `Authorization: Bearer ${options.token}\r\n`) +
          Object.entries(options.headers ?? {})
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join('') +
          (options.body === undefined
            ? ''
            : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`) +
          `Connection: close\r\n\r\n${body}`,
      );
    });
    // The answer is complete once its Content-Length has arrived: no need to wait for the close.
    const finish = (): boolean => {
      const split = received.indexOf('\r\n\r\n');
      if (split === -1) return false;
      const head = received.subarray(0, split).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
      const rest = received.subarray(split + 4);
      if (length >= 0 && rest.length < length) return false;
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
        body: rest.toString('utf8'),
      });
      socket.destroy();
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      finish();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (!finish()) reject(new Error('the daemon closed the connection without an answer'));
    });
  });
}
