/**
 * Requests to the daemon on 127.0.0.1 over `node:http`. Not `fetch`: loading undici costs a new
 * process about 17 ms, several times the request itself.
 */
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';

export interface LoopbackOptions {
  readonly port: number;
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/events?limit=5`. */
  readonly path: string;
  /** Sent as `Authorization: Bearer`; `/health` needs none. */
  readonly token?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Gives up (rejects) after this long. */
  readonly timeoutMs: number;
}

function open(
  options: LoopbackOptions,
  onResponse: (response: IncomingMessage) => void,
  onError: (error: Error) => void,
): ClientRequest {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const outgoing = request(
    {
      host: '127.0.0.1',
      port: options.port,
      method: options.method,
      path: options.path,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(payload === undefined
          ? {}
          : {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
      },
    },
    onResponse,
  );
  outgoing.on('error', onError);
  outgoing.end(payload);
  return outgoing;
}

/** One request; resolves with the status and the whole body as text. */
export function loopbackRequest(
  options: LoopbackOptions,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = open(
      options,
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`the daemon did not answer in ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  });
}

/**
 * A server-sent event stream: `onData` gets each `data:` payload as it arrives. Resolves when
 * the stream ends (the daemon stopped, or `stop()` was called), rejects when it could not be
 * opened or the daemon refused it (`status` on the error).
 */
export function loopbackEventStream(
  options: Omit<LoopbackOptions, 'method' | 'body'>,
  onData: (data: string) => void,
): { done: Promise<void>; stop: () => void } {
  let outgoing: ClientRequest | undefined;
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    outgoing = open(
      { ...options, method: 'GET' },
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
      (error) => {
        clearTimeout(timer);
        if (stopped) resolve();
        else reject(error);
      },
    );
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
