/**
 * `POST /statusline` (the daemon's side of the status line): the body is Claude Code's
 * status-line JSON as the relay got it on stdin; the answer is the line itself as text/plain
 * (`?json`: the fields as JSON; `?plain`: no colour; `?agent=NAME`: the main agent, from the
 * relay's CLAUDE_HYBRID_AGENT), always 200, so the relay prints the body
 * as it is. Whatever the body (empty, not JSON, over the limit) the answer is one line: the
 * status line must never show an error.
 *
 * It answers from what the daemon already holds: the subagents running per session
 * (ActiveAgents, fed by the hook events) and each transcript's totals, read incrementally (only
 * the bytes written since the last call, usually a few kilobytes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TranscriptTotalsReader } from '../claude-code/transcript-totals.js';
import type { ActiveAgents } from './active-agents.js';
import {
  fallbackStatusLine,
  mainAgentName,
  parseStatusLineInput,
  renderStatusLine,
  statusLineFields,
  statusLineJson,
} from './status-line.js';

/** Largest body read: Claude Code's status-line JSON is a few kilobytes. */
export const MAX_STATUS_LINE_BYTES = 256 * 1024;

/**
 * Bytes of a transcript one request reads at most: the reads are synchronous, so a transcript of
 * many megabytes seen for the first time is caught up over a few refreshes (its cost grows to
 * the right total) rather than stalling the daemon's other requests.
 */
const MAX_READ_PER_REQUEST = 4 * 1024 * 1024;

export class StatusLineRoute {
  private readonly transcripts = new TranscriptTotalsReader({
    maxReadBytes: MAX_READ_PER_REQUEST,
  });

  constructor(private readonly agents: ActiveAgents) {}

  /** Answers one request (see the file comment). */
  async serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(request);
    // The port the request came in on is the daemon's (and the dashboard's).
    const port = request.socket.localPort;
    const colour = !url.searchParams.has('plain');
    const input = body === undefined ? undefined : parseStatusLineInput(body);
    const fields =
      input === undefined
        ? undefined
        : statusLineFields({
            input,
            totals:
              input.transcriptPath === undefined
                ? undefined
                : this.transcripts.read(input.transcriptPath),
            runningSubagent:
              input.sessionId === undefined ? undefined : this.agents.running(input.sessionId),
            daemonPort: port,
            mainAgent: mainAgentName(url.searchParams.get('agent')),
          });
    if (url.searchParams.has('json')) {
      send(response, 'application/json', statusLineJson(fields));
      return;
    }
    send(
      response,
      'text/plain; charset=utf-8',
      `${fields === undefined ? fallbackStatusLine(port, colour) : renderStatusLine(fields, colour)}\n`,
    );
  }
}

function send(response: ServerResponse, type: string, text: string): void {
  response.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The body as text, or undefined when it is over the limit (the rest is drained unread). */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of request) {
    if (over) continue;
    size += (chunk as Buffer).length; // no encoding set: chunks are Buffers
    if (size > MAX_STATUS_LINE_BYTES) {
      over = true;
      chunks.length = 0;
    } else chunks.push(chunk as Buffer);
  }
  return over ? undefined : Buffer.concat(chunks).toString('utf8');
}
