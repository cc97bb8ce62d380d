/**
 * Following the daemon's server-sent event stream (`GET /events/stream`) over `node:http`: the
 * one call to the daemon that is not a short request and answer (raw-request.ts does those).
 */
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';

/**
 * `onData` gets each `data:` payload as it arrives. `done` resolves when the stream ends (the
 * daemon stopped, or `stop()` was called), and rejects when it could not be opened or the daemon
 * refused it (`status` on the error).
 */
export function followEventStream(
  options: {
    readonly port: number;
    /** Path and query, already percent-encoded. */
    readonly path: string;
    readonly token: string;
    /** Gives up (rejects) when the daemon has not answered after this long. */
    readonly timeoutMs: number;
  },
  onData: (data: string) => void,
): { done: Promise<void>; stop: () => void } {
  let outgoing: ClientRequest | undefined;
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    outgoing = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: 'GET',
        path: options.path,
        headers: { authorization: `Bearer ${options.token}` },
      },
      (response) => {
        clearTimeout(timer);
        if (response.statusCode !== 200) {
          response.resume();
          reject(
            Object.assign(new Error(`the daemon answered ${response.statusCode ?? 0}`), {
              status: response.statusCode ?? 0,
            }),
          );
          return;
        }
        let buffered = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          let end = buffered.indexOf('\n\n');
          while (end !== -1) {
            for (const line of buffered.slice(0, end).split('\n'))
              if (line.startsWith('data: ')) onData(line.slice(6));
            buffered = buffered.slice(end + 2);
            end = buffered.indexOf('\n\n');
          }
        });
        response.on('end', resolve);
        response.on('close', resolve);
        response.on('error', () => {
          resolve();
        });
      },
    );
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      if (stopped) resolve();
      else reject(error);
    });
    outgoing.end();
    const timer = setTimeout(() => {
      outgoing?.destroy(new Error(`the daemon did not answer in ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  });
  return {
    done,
    stop: () => {
      stopped = true;
      outgoing?.destroy();
    },
  };
}
