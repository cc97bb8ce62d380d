/**
 * `claude-hybrid mcp` while the daemon runs (dist/mcp-relay.cjs): Claude Code starts one stdio
 * server per session, and this keeps each one thin. It relays the session's JSON-RPC lines to
 * the daemon's `/mcp` and its answers (server-sent events) back to stdout, loading neither the
 * SDK nor the store nor any index: the daemon holds those once for every session. When the
 * daemon does not answer the first message, it serves in this process instead (dist/mcp.cjs),
 * with the lines already read handed over first.
 */
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { DaemonInfo } from '../daemon/daemon-info.js';
import { LineTransport } from './line-transport.js';
import { postToDaemon } from './relay-post.js';
import type { PostAnswer } from './relay-post.js';

/** The same names as http-endpoint.ts, which this file must not import (it loads the library). */
const PROJECT_HEADER = 'x-claude-hybrid-project';
const PROVIDER_HEADER = 'x-claude-hybrid-provider';

export interface RelayOptions {
  readonly daemon: DaemonInfo;
  readonly cwd: string;
  readonly provider: string | undefined;
  /** Serves in this process, reading `input` (the lines already read, then the rest of stdin). */
  readonly serveHere: (input: NodeJS.ReadableStream) => Promise<number>;
}

type Answer = PostAnswer;

export function relayStdio(options: RelayOptions): Promise<number> {
  const out = (line: string): void => {
    process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  };
  let sessionId: string | undefined;
  let initialize: JSONRPCMessage | undefined;
  /** Messages sent before the session exists wait for it (initialize comes first). */
  let ready: Promise<void> = Promise.resolve();
  let handedOver = false;
  /** The lines read until the daemon has opened the session: what a hand-over replays. */
  let seen: string[] | undefined = [];
  /** Relays in progress: input that ends after a request still gets its answer. */
  const inFlight = new Set<Promise<void>>();

  /** POSTs one message; writes every message of the answer to stdout as it arrives (unless quiet). */
  const post = (message: JSONRPCMessage, quiet = false): Promise<Answer> =>
    postToDaemon({
      port: options.daemon.port,
      headers: [
        `Authorization: Bearer ${options.daemon.token}`,
        `${PROJECT_HEADER}: ${encodeURIComponent(options.cwd)}`,
        ...(options.provider === undefined ? [] : [`${PROVIDER_HEADER}: ${options.provider}`]),
        ...(sessionId === undefined ? [] : [`Mcp-Session-Id: ${sessionId}`]),
      ],
      body: JSON.stringify(message),
      // A 404 is a session the daemon lost: relay() opens a new one and sends the message again.
      onMessage: (text, status) => {
        if (status !== 404 && !quiet) out(text);
      },
    });

  /** Sends a message; a session the daemon lost (it restarted) is opened again, once. */
  const relay = async (message: JSONRPCMessage): Promise<void> => {
    const answer = await post(message);
    if (answer.status === 404 && initialize !== undefined && message !== initialize) {
      sessionId = undefined;
      // The re-initialize's answer is for us, not for the client, which initialized long ago.
      const reopened = await post(initialize, true);
      sessionId = reopened.sessionId;
      await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, true);
      await post(message);
    }
  };

  return new Promise<number>((resolve) => {
    const transport = new LineTransport(process.stdin, {
      write: (chunk, callback) => process.stdout.write(chunk, callback),
    });
    transport.onmessage = (message) => {
      if (handedOver) return;
      seen?.push(JSON.stringify(message));
      const isInitialize = 'method' in message && message.method === 'initialize';
      if (isInitialize) {
        initialize = message;
        ready = post(message).then((answer) => {
          sessionId = answer.sessionId;
          if (answer.sessionId === undefined) throw new Error(`daemon answered ${answer.status}`);
          seen = undefined; // no hand-over from here on: nothing more to keep
        });
        ready.catch(() => {
          handOver();
        });
        return;
      }
      const relayed = ready.then(
        () =>
          relay(message).catch((error: unknown) => {
            const id = (message as { id?: unknown }).id;
            if (id !== undefined)
              out(
                JSON.stringify({
                  jsonrpc: '2.0',
                  id,
                  error: { code: -32603, message: `the daemon did not answer: ${String(error)}` },
                }),
              );
          }),
        () => undefined,
      );
      inFlight.add(relayed);
      void relayed.finally(() => inFlight.delete(relayed));
    };
    /** The daemon is not there: serve here, from the first line on. */
    const handOver = (): void => {
      if (handedOver) return;
      handedOver = true;
      void transport.close();
      const input = new PassThrough();
      for (const line of seen ?? []) input.write(`${line}\n`);
      process.stdin.pipe(input);
      process.stdin.resume();
      void options.serveHere(input).then(resolve);
    };
    transport.onclose = () => {
      if (handedOver) return;
      // The input ended: once the answers in progress are out, end the session so the daemon
      // frees it. A client killed mid-call closes our sockets, which cancels its calls.
      void ready
        .then(() => Promise.allSettled(inFlight))
        .then(async () => {
          if (sessionId === undefined) return;
          await postToDaemon({
            port: options.daemon.port,
            method: 'DELETE',
            headers: [
              `Authorization: Bearer ${options.daemon.token}`,
              `Mcp-Session-Id: ${sessionId}`,
            ],
            body: '',
            onMessage: () => undefined,
          });
        })
        .catch(() => undefined)
        .finally(() => {
          resolve(0);
        });
    };
    void transport.start();
  });
}
