/**
 * The status line as a process computes it: from the daemon when it runs (`POST /statusline`),
 * else here, from the transcript alone (no daemon: no hook events, so the running subagent is
 * the transcript's open delegation). Used by dist/statusline.cjs (the relay's fallback) and by
 * `claude-hybrid statusline`. Never throws: whatever happens, the answer is one line.
 */
import { readSync, statSync } from 'node:fs';
import { TranscriptTotalsReader } from '../claude-code/transcript-totals.js';
import type { TranscriptTotals } from '../claude-code/transcript-totals.js';
import { readContext } from './context-meter.js';
import { liveDaemon } from './daemon-info.js';
import { rawRequest } from './raw-request.js';
import {
  fallbackStatusLine,
  mainAgentName,
  parseStatusLineInput,
  renderStatusLine,
  statusLineFields,
  statusLineJson,
} from './status-line.js';
import type { StatusLineFields } from './status-line.js';
import { MAX_STATUS_LINE_BYTES } from './status-line-route.js';

/** How long the daemon may take before the line is computed here instead. */
const DAEMON_TIMEOUT_MS = 1_000;
/**
 * The largest transcript read whole here. Without the daemon nothing remembers what was read,
 * and Claude Code redraws the status line after every message: above this, only the tail is
 * read (the context), and the cost is Claude Code's own.
 */
export const LOCAL_FULL_READ_BYTES = 1024 * 1024;

export interface StatusLineRequest {
  /** Claude Code's stdin (status-line JSON); undefined when it was over the limit. */
  readonly text: string | undefined;
  readonly hybridHome: string;
  /** Print the fields as one JSON document instead of the line. */
  readonly json: boolean;
  /** ANSI colour in the line. */
  readonly colour: boolean;
  /** Ask the daemon first (false: the relay asked already and could not). */
  readonly askDaemon: boolean;
  /** The main agent (MAIN_AGENT_ENV's value; checked here). */
  readonly mainAgent?: string | undefined;
}

export interface StatusLineOutput {
  /** The line (or the JSON document), ending with a newline. */
  readonly stdout: string;
  /** False when the input was not a JSON object (or over the limit): the line knows less. */
  readonly inputUsable: boolean;
}

export async function statusLineOutput(request: StatusLineRequest): Promise<StatusLineOutput> {
  const input = request.text === undefined ? undefined : parseStatusLineInput(request.text);
  const daemon = liveDaemon(request.hybridHome);
  const mainAgent = mainAgentName(request.mainAgent);
  if (request.askDaemon && daemon !== undefined && request.text !== undefined) {
    try {
      const words = [
        ...(request.json ? ['json'] : request.colour ? [] : ['plain']),
        ...(mainAgent === undefined ? [] : [`agent=${mainAgent}`]), // needs no percent-encoding
      ];
      const query = words.length === 0 ? '' : `?${words.join('&')}`;
      const answer = await rawRequest({
        port: daemon.port,
        method: 'POST',
        path: `/statusline${query}`,
        token: daemon.token,
        body: request.text,
        timeoutMs: DAEMON_TIMEOUT_MS,
      });
      if (answer.status === 200 && answer.body !== '')
        return { stdout: oneLine(answer.body), inputUsable: input !== undefined };
    } catch {
      // The daemon is gone or slow: compute the line here.
    }
  }
  const port = daemon?.port;
  if (input === undefined)
    return {
      stdout: request.json
        ? statusLineJson(undefined)
        : `${fallbackStatusLine(port, request.colour)}\n`,
      inputUsable: false,
    };
  const fields: StatusLineFields = statusLineFields({
    input,
    totals: input.transcriptPath === undefined ? undefined : localTotals(input.transcriptPath),
    runningSubagent: undefined,
    daemonPort: port,
    mainAgent,
  });
  return {
    stdout: request.json ? statusLineJson(fields) : `${renderStatusLine(fields, request.colour)}\n`,
    inputUsable: true,
  };
}

/** The transcript's totals, or for a large one only its context (see LOCAL_FULL_READ_BYTES). */
function localTotals(path: string): TranscriptTotals | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size <= LOCAL_FULL_READ_BYTES) return new TranscriptTotalsReader({ maxPaths: 1 }).read(path);
  const reading = readContext(path); // the last 256 KB: a regular .jsonl file only
  if (reading === undefined) return undefined;
  return {
    messages: 0, // not counted: the cost is Claude Code's own
    inputTokens: 0,
    outputTokens: 0,
    cacheWriteTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
    model: reading.model,
    contextTokens: reading.tokens,
    contextWindow: reading.window,
    unpricedModels: [],
    activeSubagent: undefined,
    bytesRead: 0,
    complete: false,
  };
}

/** The one-line hint for stderr when the input could not be used. */
export function badInputHint(text: string | undefined): string {
  return text === undefined
    ? `claude-hybrid statusline: the input is over ${MAX_STATUS_LINE_BYTES / 1024} KB; expected Claude Code's status-line JSON on stdin\n`
    : "claude-hybrid statusline: the input is not a JSON object; expected Claude Code's status-line JSON on stdin\n";
}

/** The first line of the daemon's answer, with its newline: one line, whatever came. */
function oneLine(text: string): string {
  return `${text.split('\n', 1)[0] ?? ''}\n`;
}

/**
 * Standard input as text, read synchronously up to MAX_STATUS_LINE_BYTES; undefined when there
 * is more (the rest is left unread), '' when there is none or it cannot be read.
 */
export function readStatusLineStdin(fd = 0): string | undefined {
  const chunks: Buffer[] = [];
  let size = 0;
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, buffer, 0, buffer.length, null);
    } catch {
      break; // EOF on some platforms, or a non-blocking stdin (EAGAIN): take what was read
    }
    if (got === 0) break;
    size += got;
    if (size > MAX_STATUS_LINE_BYTES) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, got)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
