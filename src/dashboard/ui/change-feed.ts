import { apiUrl } from './api.js';
import type { ConnectionState } from './view.js';
import { LiveStream } from './views/live-stream.js';

/** What a view listens to for "the project has new events". */
export interface Changes {
  /** Calls `listener` after new events arrive; returns the way to stop. */
  subscribe(listener: () => void): () => void;
}

/**
 * The page's one project-wide subscription to /api/live for the views other than Live (which
 * keeps its own, filtered stream): open while some view listens, closed otherwise, so the page
 * holds at most one stream. Each message tells the listeners something changed; they refetch
 * what they show (throttled, see refresh-throttle.ts). After a drop the stream resumes from the
 * last id (Last-Event-ID), and the events it missed arrive as messages like any other.
 */
export class ChangeFeed implements Changes {
  private readonly listeners = new Set<() => void>();
  private readonly stream: LiveStream;

  constructor(
    project: string,
    private readonly onState: (state: ConnectionState) => void,
  ) {
    this.stream = new LiveStream({
      url: () => apiUrl('/api/live', { project }),
      onState: (state) => {
        if (this.listeners.size > 0) this.onState(state);
      },
      onRow: () => {
        for (const listener of this.listeners) listener();
      },
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      this.onState('connecting');
      this.stream.open();
    }
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stream.close();
    };
  }

  close(): void {
    this.listeners.clear();
    this.stream.close();
  }
}
