/**
 * One POST to the daemon over a bare `node:net` socket: a hand-written HTTP/1.1 request, and the
 * answer read up to its Content-Length. For short-lived processes (the node hook relay, the CLI
 * asking the daemon to run a command): `node:http` costs a new process about 3 ms to load, and
 * `node:net`, loaded only when a post is made, about half that.
 */
import type * as Net from 'node:net';
import { lazyRequire } from '../files/lazy-require.js';

export function rawPost(options: {
  readonly port: number;
  /** Path and query, already percent-encoded. */
  readonly path: string;
  readonly token: string;
  /** JSON text. */
  readonly body: string;
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
      socket.write(
        `POST ${options.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${options.token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(options.body)}\r\n` +
          `Connection: close\r\n\r\n${options.body}`,
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
