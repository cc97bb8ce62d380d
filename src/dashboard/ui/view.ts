import type { Api } from './api.js';
import type { Changes } from './change-feed.js';
import type { Route } from './router.js';

/** What a view gets when it opens. */
export interface ViewContext {
  /** The selected project's root: every route's `project` parameter. */
  readonly project: string;
  readonly route: Route;
  readonly api: Api;
  /** Aborted when the view closes: every fetch, poll and stream of the view listens to it. */
  readonly signal: AbortSignal;
  /**
   * The project's new events as they arrive, over the page's shared stream: views other than
   * Live subscribe to refetch what they show (keepFresh in views/common.ts).
   */
  readonly changes: Changes;
  /** Sets the connection indicator in the header. */
  readonly setConnection: (state: ConnectionState) => void;
}

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** One open view. The keyboard handler calls the optional parts when the view has them. */
export interface View {
  readonly element: HTMLElement;
  /** Frees what the signal does not (observers, charts). */
  readonly dispose?: () => void;
  /** j / k */
  readonly move?: (delta: number) => void;
  /** Enter */
  readonly activate?: () => void;
  /** p (Live) */
  readonly togglePause?: () => void;
  /** `/`: focuses the view's filter or search box; false when it has none. */
  readonly focusSearch?: () => boolean;
}

export type ViewFactory = (context: ViewContext) => View;
