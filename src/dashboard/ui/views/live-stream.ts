import type { LiveMessage } from '../../api-types.js';
import { reportUnauthorized } from '../api.js';
import type { ConnectionState } from '../view.js';

/** How long after the stream closed (not a reconnect: e.g. the daemon restarted) to open anew. */
const REOPEN_MS = 3000;

export interface LiveStreamOptions {
  /** The /api/live URL, asked again at each (re)open so `afterId` is the newest row held. */
  readonly url: () => string;
  readonly onRow: (row: LiveMessage) => void;
  readonly onState: (state: ConnectionState) => void;
}

/**
 * The /api/live event stream. EventSource reconnects by itself after a drop, sending
 * Last-Event-ID so nothing is missed; when the browser gives up instead (a non-200 answer), this
 * checks whether the link expired (a 401 shows the page's message) and opens a new stream later.
 */
export class LiveStream {
  private source: EventSource | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LiveStreamOptions) {}

  open(): void {
    this.close();
    const source = new EventSource(this.options.url());
    this.source = source;
    source.onopen = () => {
      this.options.onState('live');
    };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        this.options.onState('reconnecting');
        return;
      }
      this.options.onState('offline');
      void probeAuthorisation();
      clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(() => {
        if (this.source === source) this.open();
      }, REOPEN_MS);
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const row = parseRow(message.data);
      if (row !== null) this.options.onRow(row);
    };
  }

  close(): void {
    clearTimeout(this.reopenTimer);
    this.source?.close();
    this.source = null;
  }
}

/** A message's EventRow (api-types.ts, LiveMessage), or null when it is not one. */
export function parseRow(data: string): LiveMessage | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    if (!('id' in value) || typeof value.id !== 'number') return null;
    // The daemon's promise (api-types.ts); only the id is needed to place the row.
    return value as LiveMessage;
  } catch {
    return null;
  }
}

async function probeAuthorisation(): Promise<void> {
  const response = await fetch('/api/projects').catch(() => null);
  if (response?.status === 401) reportUnauthorized();
}
