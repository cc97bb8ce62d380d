import { HybridError } from '../errors.js';
import type { BusEvent, EventMap, EventType } from './event-types.js';
import { eventRecord } from './event-record.js';

export interface EventBusOptions {
  /** Who emits, stored with every event: `cli`, `daemon`, `hook`, ... */
  source: string;
  /** Source of `ts`, epoch milliseconds. Inject a fake in tests. @default Date.now */
  clock?: () => number;
  /** Session stamped on events that do not name one. @default null */
  session?: string;
  /** Run stamped on events that do not name one. @default null */
  run?: string;
  /**
   * Receives what a listener threw; the other listeners still run. Whatever this hook throws
   * is dropped too.
   * @default ignore the error
   */
  onListenerError?: (error: unknown, event: BusEvent) => void;
}

/** Per-emit overrides of the bus-wide session and run. */
export interface EmitMeta {
  session?: string;
  run?: string;
}

export type BusListener<Type extends EventType = EventType> = (event: BusEvent<Type>) => void;

/** Call to stop listening. Calling it again does nothing. */
export type Unsubscribe = () => void;

export interface EventBus {
  /**
   * Stamps the event (ts, version, source, session, run) and delivers it synchronously to every
   * matching listener in subscription order, before returning. All listeners receive the same
   * object: treat it as immutable.
   */
  emit<Type extends EventType>(type: Type, payload: EventMap[Type], meta?: EmitMeta): void;
  /** Listens to every event. */
  subscribe(listener: BusListener): Unsubscribe;
  /** Listens to one event type, with its payload typed. */
  on<Type extends EventType>(type: Type, listener: BusListener<Type>): Unsubscribe;
}

interface Registration {
  /** undefined: every type. */
  readonly type: EventType | undefined;
  readonly listener: BusListener;
}

const NO_LISTENERS: readonly BusListener[] = [];

export function createEventBus(options: EventBusOptions): EventBus {
  if (options.source === '') {
    throw new HybridError('events.invalid_options', 'the event bus needs a non-empty source', {
      hint: "Name the emitting component, e.g. createEventBus({ source: 'cli' }).",
    });
  }
  const clock = options.clock ?? Date.now;
  const { source, onListenerError } = options;
  const defaultSession = options.session ?? null;
  const defaultRun = options.run ?? null;

  // Routing table, rebuilt on subscribe/unsubscribe (rare) so emit (hot) is one map lookup and
  // one loop. Arrays are replaced, never mutated: an emit in progress keeps iterating the array
  // it started with, so a listener may unsubscribe itself or others mid-delivery safely.
  let registrations: readonly Registration[] = [];
  let everyType: readonly BusListener[] = NO_LISTENERS;
  let byType = new Map<EventType, readonly BusListener[]>();

  function rebuild(): void {
    everyType = registrations
      .filter((entry) => entry.type === undefined)
      .map((entry) => entry.listener);
    const next = new Map<EventType, readonly BusListener[]>();
    for (const { type } of registrations) {
      if (type === undefined || next.has(type)) continue;
      // Typed and catch-all listeners merged in registration order, so order is global.
      const listeners = registrations
        .filter((entry) => entry.type === undefined || entry.type === type)
        .map((entry) => entry.listener);
      next.set(type, listeners);
    }
    byType = next;
  }

  function register(registration: Registration): Unsubscribe {
    registrations = [...registrations, registration];
    rebuild();
    return () => {
      const remaining = registrations.filter((entry) => entry !== registration);
      if (remaining.length === registrations.length) return;
      registrations = remaining;
      rebuild();
    };
  }

  function report(error: unknown, event: BusEvent): void {
    if (onListenerError === undefined) return;
    try {
      onListenerError(error, event);
    } catch {
      // The reporter failing must not break delivery either; there is nowhere left to report.
    }
  }

  return {
    emit<Type extends EventType>(type: Type, payload: EventMap[Type], meta?: EmitMeta): void {
      const listeners = byType.get(type) ?? everyType;
      // Fast path: nobody listening, so build nothing and do not read the clock.
      if (listeners.length === 0) return;
      // Widened to the union at once: the listener table is keyed by type, not typed per type.
      const event = eventRecord<EventType>(type, payload, {
        ts: clock(),
        source,
        session: meta?.session ?? defaultSession,
        run: meta?.run ?? defaultRun,
      });
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          report(error, event);
        }
      }
    },

    subscribe(listener: BusListener): Unsubscribe {
      return register({ type: undefined, listener });
    },

    on<Type extends EventType>(type: Type, listener: BusListener<Type>): Unsubscribe {
      // Widening is safe: the routing table hands this listener only events of `type`.
      return register({ type, listener: listener as BusListener });
    },
  };
}
