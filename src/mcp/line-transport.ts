import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The longest JSON-RPC message (one line) accepted; longer ones are refused, not buffered. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

interface Input {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  pause(): unknown;
}

interface Output {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

/** A JSON-RPC error response the transport itself sends (the message never reached the server). */
function errorLine(code: number, message: string, id: unknown = null): string {
  return `${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`;
}

/** A JSON-RPC 2.0 message by its shape (the server checks the rest). */
export function isMessage(value: unknown): value is JSONRPCMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { jsonrpc?: unknown }).jsonrpc === '2.0'
  );
}

/**
 * MCP over newline-delimited JSON on a pair of streams (stdio), hardened: a line that is not
 * JSON gets a JSON-RPC parse error (-32700), one that is not a JSON-RPC message an invalid
 * request (-32600), and a line over MAX_MESSAGE_BYTES is dropped as it streams in (never held
 * whole) and answered with -32600. None of them stops the server. The end of the input closes
 * the transport.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private closed = false;

  constructor(
    private readonly input: Input,
    private readonly output: Output,
  ) {}

  start(): Promise<void> {
    this.input.on('data', (chunk) => {
      this.receive(chunk);
    });
    this.input.on('end', () => void this.close());
    this.input.on('close', () => void this.close());
    this.input.on('error', (error) => this.onerror?.(error));
    return Promise.resolve();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!this.skipping) {
        this.pendingBytes += end - start;
        if (this.pendingBytes > MAX_MESSAGE_BYTES) {
          this.skipping = true;
          this.pending = [];
          this.write(errorLine(-32600, `message over ${MAX_MESSAGE_BYTES} bytes refused`));
        } else if (end > start) this.pending.push(chunk.subarray(start, end));
      }
      if (newline === -1) return;
      if (!this.skipping) this.line(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      start = newline + 1;
    }
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.write(errorLine(-32700, 'parse error: the line is not JSON'));
      return;
    }
    if (!isMessage(parsed)) {
      const id = (parsed as { id?: unknown } | null)?.id ?? null;
      this.write(errorLine(-32600, 'invalid request: not a JSON-RPC 2.0 message', id));
      return;
    }
    this.onmessage?.(parsed);
  }

  private write(text: string): void {
    if (!this.closed) this.output.write(text);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        resolve();
        return;
      }
      this.output.write(`${JSON.stringify(message)}\n`, (error) => {
        if (error === null || error === undefined) resolve();
        else reject(error);
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.input.removeAllListeners();
    this.input.pause();
    this.onclose?.();
    return Promise.resolve();
  }
}
