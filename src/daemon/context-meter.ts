import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { ContextTracker, bundledModelTable } from '../models/index.js';

/** How much of a transcript's end is read to find the latest usage: transcripts grow to MBs. */
const TAIL_BYTES = 256 * 1024;
/** The window assumed for a model the table does not list. */
const DEFAULT_WINDOW = 200_000;

export interface ContextReading {
  readonly model: string;
  /** Input tokens of the latest request: what the context holds now. */
  readonly tokens: number;
  readonly window: number;
}

/**
 * The context size of a Claude Code session from its transcript: the latest assistant message's
 * usage (input plus cache-write plus cache-read tokens is the prompt it was answered from).
 */
export function readContext(transcriptPath: string): ContextReading | undefined {
  let text: string;
  try {
    // Only a regular .jsonl file: opening a FIFO or a device would block the daemon.
    if (!transcriptPath.endsWith('.jsonl') || !lstatSync(transcriptPath).isFile()) return undefined;
    const fd = openSync(transcriptPath, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (!line.includes('"usage"')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // the first line of the tail is usually cut; so is one being written
    }
    const message = (entry as { type?: unknown; isSidechain?: unknown; message?: unknown }) ?? {};
    if (message.type !== 'assistant' || message.isSidechain === true) continue;
    const body = message.message as
      { model?: unknown; usage?: Record<string, unknown> } | undefined;
    const usage = body?.usage;
    if (usage === undefined) continue;
    const count = (key: string): number => (typeof usage[key] === 'number' ? usage[key] : 0);
    const model = typeof body?.model === 'string' ? body.model : '';
    return {
      model,
      tokens:
        count('input_tokens') +
        count('cache_creation_input_tokens') +
        count('cache_read_input_tokens'),
      window: windowOf(model),
    };
  }
  return undefined;
}

/** The context window of `model` (a `[1m]` tag means 1M), from the bundled model table. */
export function windowOf(model: string): number {
  const table = bundledModelTable();
  const base = model.replace(/\[1m\]$/, '').replace(/-\d{8}$/, '');
  if (model.endsWith('[1m]')) return 1_000_000;
  return table.models[base]?.contextWindow ?? DEFAULT_WINDOW;
}

/** One-shot thresholds per session: each of 70/85/95% is reported once. */
export class ContextMeter {
  private readonly trackers = new Map<string, ContextTracker>();

  /** The thresholds this reading crosses for the first time in `session`. */
  observe(session: string, reading: ContextReading): number[] {
    let tracker = this.trackers.get(session);
    if (tracker === undefined || tracker.window !== reading.window) {
      tracker = new ContextTracker(reading.window);
      this.trackers.set(session, tracker);
    }
    return tracker.observe(reading.tokens);
  }

  /** Forgets a finished session. */
  end(session: string): void {
    this.trackers.delete(session);
  }
}
