import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isHybridError } from '../errors.js';
import { openHybrid } from '../library/library.bundle.js';
import type { Hybrid, ProviderName } from '../library/types.js';
import { HttpSessionTransport } from './http-session.js';
import { MAX_MESSAGE_BYTES, isMessage } from './line-transport.js';
import { createMcpServer } from './mcp-server.js';
import type { McpSdk } from './sdk.js';

/**
 * The header naming the project a session works on, percent-encoded (the relay sends its working
 * directory); a plain ASCII path without `%` is its own encoding.
 */
export const PROJECT_HEADER = 'x-claude-hybrid-project';
/** The provider for the session's runs (`mcp --provider P`); the project's config otherwise. */
export const PROVIDER_HEADER = 'x-claude-hybrid-provider';
const SESSION_HEADER = 'mcp-session-id';
/** A session nobody has used for this long is closed (a client that vanished without DELETE). */
const IDLE_MS = 60 * 60 * 1000;

interface Session {
  readonly server: McpSdk.McpServer;
  readonly transport: HttpSessionTransport;
}

class EndpointError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_MESSAGE_BYTES) {
    request.resume();
    throw new EndpointError(413, -32600, `the message is over ${MAX_MESSAGE_BYTES} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_MESSAGE_BYTES)
      throw new EndpointError(413, -32600, `the message is over ${MAX_MESSAGE_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseMessages(text: string): { messages: JSONRPCMessage[]; batch: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EndpointError(400, -32700, 'parse error: the body is not JSON');
  }
  const batch = Array.isArray(parsed);
  const messages: unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (messages.length === 0 || !messages.every(isMessage))
    throw new EndpointError(400, -32600, 'invalid request: not JSON-RPC 2.0 messages');
  return { messages, batch };
}

/** The project header's folder (percent-decoded); undefined when there is none. */
function projectOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw new EndpointError(400, -32000, `the ${PROJECT_HEADER} header is not percent-encoded`);
  }
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The daemon's MCP endpoint (`/mcp`, streamable HTTP): the same server as `claude-hybrid mcp`
 * (mcp-server.ts), one per session, over the project the session named when it initialized.
 * The hybrids stay open across sessions, so every Claude Code session of a project shares one
 * store connection, registry and memory index. POST carries messages (answers come back as
 * server-sent events, or one JSON body when the client accepts only JSON); DELETE ends a session.
 */
export class McpHttpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly hybrids = new Map<string, Promise<Hybrid>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.sweeper = setInterval(
      () => {
        this.sweep();
      },
      5 * 60 * 1000,
    );
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.route(request, response);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const known = error instanceof EndpointError;
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: known ? error.code : -32603,
          message: error instanceof Error ? error.message : String(error),
        },
      });
      response.writeHead(known ? error.status : 500, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const sessionId = headerOf(request, SESSION_HEADER);
    if (request.method === 'DELETE') {
      const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
      if (session === undefined) throw new EndpointError(404, -32001, 'no such session');
      await this.end(sessionId ?? '', session);
      response.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST, DELETE', 'content-length': 0 }).end();
      return;
    }
    if (!(headerOf(request, 'content-type') ?? '').includes('application/json'))
      throw new EndpointError(415, -32600, 'send the messages as application/json');
    const { messages, batch } = parseMessages(await readBody(request));
    const stream = (headerOf(request, 'accept') ?? '').includes('text/event-stream');
    const initialize = messages.some(
      (message) => 'method' in message && message.method === 'initialize',
    );
    if (initialize) {
      if (messages.length > 1)
        throw new EndpointError(400, -32600, 'initialize must be sent on its own');
      const session = await this.open(
        projectOf(headerOf(request, PROJECT_HEADER)),
        headerOf(request, PROVIDER_HEADER),
      );
      session.transport.deliver(messages, response, {
        stream,
        batch,
        headers: { [SESSION_HEADER]: session.transport.sessionId },
      });
      return;
    }
    if (sessionId === undefined)
      throw new EndpointError(400, -32000, `no ${SESSION_HEADER} header: initialize first`);
    const session = this.sessions.get(sessionId);
    if (session === undefined)
      throw new EndpointError(404, -32001, 'no such session (it ended): initialize again');
    session.transport.deliver(messages, response, { stream, batch, headers: {} });
  }

  private async open(project: string | undefined, provider: string | undefined): Promise<Session> {
    if (project === undefined)
      throw new EndpointError(
        400,
        -32000,
        `no ${PROJECT_HEADER} header: name the project folder the session works on`,
      );
    const hybrid = await this.hybridFor(resolve(project), provider);
    const server = await createMcpServer(hybrid);
    const transport = new HttpSessionTransport(randomUUID());
    transport.onclose = () => this.sessions.delete(transport.sessionId);
    await server.connect(transport);
    const session = { server, transport };
    this.sessions.set(transport.sessionId, session);
    return session;
  }

  private hybridFor(cwd: string, provider: string | undefined): Promise<Hybrid> {
    const key = `${cwd}\n${provider ?? ''}`;
    let pending = this.hybrids.get(key);
    if (pending === undefined) {
      pending = openHybrid({
        cwd,
        env: this.env,
        ...(provider === undefined ? {} : { provider: provider as ProviderName }), // checked by openHybrid
      });
      this.hybrids.set(key, pending);
      // A folder that is not a project is refused now, and asked again next time.
      pending.catch(() => this.hybrids.delete(key));
    }
    return pending.catch((error: unknown) => {
      throw new EndpointError(
        404,
        -32002,
        isHybridError(error) ? `${error.message} (${error.hint ?? error.code})` : String(error),
      );
    });
  }

  private async end(id: string, session: Session): Promise<void> {
    this.sessions.delete(id);
    await session.server.close();
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const [id, session] of this.sessions)
      if (session.transport.lastUsed < cutoff) void this.end(id, session);
  }

  /** Ends every session and closes the projects' hybrids. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions].map(([id, session]) => this.end(id, session)));
    const hybrids = await Promise.allSettled(this.hybrids.values());
    this.hybrids.clear();
    await Promise.all(
      hybrids.map((settled) =>
        settled.status === 'fulfilled' ? settled.value.close() : Promise.resolve(),
      ),
    );
  }
}
