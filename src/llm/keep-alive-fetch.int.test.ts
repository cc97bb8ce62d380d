import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freePort } from '../../test/support/free-port.js';
import { anthropicSdk } from './anthropic-sdk.js';
import { createKeepAliveFetch } from './keep-alive-fetch.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

interface Served {
  readonly url: string;
  /** The client port of each request the server received, in order. */
  readonly ports: number[];
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback server (http, or https given a key and certificate) answering with `handler`. */
async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<Served> {
  const ports: number[] = [];
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    ports.push(request.socket.remotePort ?? 0);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handler(request, Buffer.concat(chunks).toString('utf8'), response);
    });
  };
  const server =
    tls === undefined ? createHttpServer(onRequest) : createHttpsServer(tls, onRequest);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${address.port}`, ports };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('createKeepAliveFetch', () => {
  it('sends the method, headers and body, answers with a real Response, and reuses the connection', async () => {
    const seen: { method?: string; type?: string; length?: string; body: string }[] = [];
    const served = await serve((request, body, response) => {
      seen.push({
        ...(request.method === undefined ? {} : { method: request.method }),
        ...(request.headers['content-type'] === undefined
          ? {}
          : { type: request.headers['content-type'] }),
        ...(request.headers['content-length'] === undefined
          ? {}
          : { length: request.headers['content-length'] }),
        body,
      });
      response.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-echo': 'ü' });
      response.end(JSON.stringify({ got: body }));
    });
    const fetch = createKeepAliveFetch();
    const body = JSON.stringify({ text: 'héllo' });
    const headers = new Headers({ 'Content-Type': 'application/json' });
    const first = await fetch(`${served.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers,
      body,
    });
    expect(first).toBeInstanceOf(Response);
    expect(first.status).toBe(201);
    expect(first.statusText).toBe('Made');
    expect(first.ok).toBe(true);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ got: body });
    const second = await fetch(new URL(`${served.url}/again`), { method: 'POST', body: 'x' });
    expect(await second.text()).toBe(JSON.stringify({ got: 'x' }));
    expect(seen[0]).toEqual({
      method: 'POST',
      type: 'application/json',
      length: String(Buffer.byteLength(body)),
      body,
    });
    // One connection for both: the second request came from the first one's client port.
    expect(served.ports).toHaveLength(2);
    expect(served.ports[1]).toBe(served.ports[0]);
  });

  it.each(['text/event-stream', 'application/vnd.amazon.eventstream'])(
    'hands over a %s as it arrives, not when it ends',
    async (type) => {
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const served = await serve((_request, _body, response) => {
        response.writeHead(200, { 'content-type': type });
        response.write('event: one\ndata: {}\n\n');
        // The rest is sent only once the client has read the first event.
        void finished.then(() => response.end('event: two\ndata: {}\n\n'));
      });
      const response = await createKeepAliveFetch()(served.url, { method: 'POST', body: '{}' });
      const reader: ReadableStreamDefaultReader<Uint8Array> | undefined =
        response.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      const decoder = new TextDecoder();
      const first = await reader.read();
      expect(decoder.decode(first.value)).toBe('event: one\ndata: {}\n\n');
      finish();
      let rest = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        rest += decoder.decode(chunk.value);
      expect(rest).toBe('event: two\ndata: {}\n\n');
    },
  );

  it('fails a stream cut short with TypeError terminated, and one its signal cut with an AbortError', async () => {
    const served = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: one\ndata: {}\n\n');
      if (_request.url === '/cut') setTimeout(() => response.socket?.destroy(), 10);
    });
    const fetch = createKeepAliveFetch();
    const readAll = async (response: Response): Promise<Error> => {
      const reader = response.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      return rejectionOf(
        (async () => {
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
        })(),
      );
    };
    const cut = await readAll(await fetch(`${served.url}/cut`));
    expect(cut).toBeInstanceOf(TypeError);
    expect(cut.message).toBe('terminated');
    const controller = new AbortController();
    const response = await fetch(`${served.url}/open`, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 10);
    expect((await readAll(response)).name).toBe('AbortError');
  });

  it('decodes gzip and brotli bodies, and drops the encoding it undid', async () => {
    const text = JSON.stringify({ text: 'compressed '.repeat(50) });
    const served = await serve((request, _body, response) => {
      const brotli = request.url === '/br';
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': brotli ? 'br' : 'gzip',
      });
      response.end(brotli ? brotliCompressSync(text) : gzipSync(text));
    });
    const fetch = createKeepAliveFetch();
    for (const path of ['/gzip', '/br']) {
      const response = await fetch(`${served.url}${path}`);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(await response.text()).toBe(text);
    }
  });

  it('does not reuse a connection the server closed while it was idle', async () => {
    const served = await serve((_request, body, response) => {
      response.end(body);
    });
    const server = servers.at(-1);
    if (server === undefined) throw new Error('no server');
    server.keepAliveTimeout = 50; // closes idle connections quickly
    const fetch = createKeepAliveFetch();
    expect(await (await fetch(served.url, { method: 'POST', body: 'one' })).text()).toBe('one');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await (await fetch(served.url, { method: 'POST', body: 'two' })).text()).toBe('two');
    expect(served.ports).toHaveLength(2);
    expect(served.ports[1]).not.toBe(served.ports[0]);
  });

  it('reaches an IPv6 literal', async (context) => {
    const server = createHttpServer((_request, response) => {
      response.end('six');
    });
    servers.push(server);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => {
        resolve(false);
      });
      server.listen(0, '::1', () => {
        resolve(true);
      });
    });
    if (!listening) context.skip('this machine has no IPv6 loopback (::1)');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const response = await createKeepAliveFetch()(`http://[::1]:${address.port}/`);
    expect(await response.text()).toBe('six');
  });

  it('gives a 204 no body', async () => {
    const served = await serve((_request, _body, response) => {
      response.writeHead(204);
      response.end();
    });
    const response = await createKeepAliveFetch()(served.url);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('rejects with an AbortError when the signal fires, and never connects for a signal already fired', async () => {
    const served = await serve(() => undefined); // never answers
    const fetch = createKeepAliveFetch();
    const controller = new AbortController();
    const pending = fetch(served.url, { signal: controller.signal });
    setTimeout(() => {
      controller.abort(new Error('stop'));
    }, 20);
    const error = await rejectionOf(pending);
    expect(error.name).toBe('AbortError');
    expect(served.ports).toHaveLength(1);
    const again = await rejectionOf(fetch(served.url, { signal: AbortSignal.abort() }));
    expect(again.name).toBe('AbortError');
    expect(served.ports).toHaveLength(1);
  });

  it('fails as fetch fails when nothing listens, or the connection drops mid-body', async () => {
    const fetch = createKeepAliveFetch();
    const refused = await rejectionOf(fetch(`http://127.0.0.1:${await freePort()}/`));
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused.message).toBe('fetch failed');
    expect((refused.cause as { code?: string }).code).toBe('ECONNREFUSED');
    const served = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('only part of it');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const cut = await rejectionOf(fetch(served.url));
    expect(cut).toBeInstanceOf(TypeError);
  });

  it('refuses a body larger than its limit, and does not read on', async () => {
    const served = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('x'.repeat(10_000));
    });
    const error = await rejectionOf(createKeepAliveFetch({ maxBufferedBytes: 4_096 })(served.url));
    expect(error).toBeInstanceOf(TypeError);
    expect((error.cause as Error).message).toContain('larger than 4096 bytes');
  });

  it('leaves what it does not carry to the built-in fetch', async () => {
    const seen: { type: string | undefined; body: string }[] = [];
    const served = await serve((request, body, response) => {
      seen.push({ type: request.headers['content-type'], body });
      response.end('ok');
    });
    const response = await createKeepAliveFetch()(served.url, {
      method: 'POST',
      body: new URLSearchParams({ a: '1' }),
    });
    expect(await response.text()).toBe('ok');
    expect(seen).toEqual([
      { type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'a=1' },
    ]);
  });

  it('lets the SDK tell its own timeout apart, as with the built-in fetch', async () => {
    const served = await serve(() => undefined); // never answers
    const { Anthropic, APIConnectionTimeoutError } = anthropicSdk();
    const client = new Anthropic({
      apiKey: 'test-key',
      baseURL: served.url,
      maxRetries: 0,
      timeout: 50,
      fetch: createKeepAliveFetch(),
    });
    const error = await rejectionOf(
      client.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('speaks https through the agent it is given', async (context) => {
    const { dir, cleanup } = makeTempDir();
    context.onTestFinished(cleanup);
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      context.skip('openssl is not installed: the https case needs it to make a certificate');
    }
    const cert = readFileSync(join(dir, 'cert.pem'));
    const served = await serve(
      (_request, body, response) => {
        response.end(`secure ${body}`);
      },
      { key: readFileSync(join(dir, 'key.pem')), cert },
    );
    const agent = new HttpsAgent({ keepAlive: true, ca: cert });
    try {
      const fetch = createKeepAliveFetch({ httpsAgent: agent });
      const response = await fetch(served.url, { method: 'POST', body: 'hello' });
      expect(await response.text()).toBe('secure hello');
      // Without the certificate's authority (the default agent), the server is refused.
      const refused = await rejectionOf(createKeepAliveFetch()(served.url));
      expect(refused).toBeInstanceOf(TypeError);
    } finally {
      agent.destroy();
    }
  });
});
