import { abortReason } from './clock.js';

interface Flight<T> {
  readonly promise: Promise<T>;
  /** Undefined when the first caller could not abort: then the call is never aborted. */
  readonly controller: AbortController | undefined;
  waiting: number;
}

/**
 * In-flight coalescing: while a call for a key is running, identical calls share it instead of
 * starting their own. Each caller may abort its own wait; the shared call is aborted only when
 * every caller waiting on it has given up. Once it settles the key is free again (results are
 * not kept here; that is the response cache's job).
 */
export class Coalescer<T> {
  private readonly flights = new Map<string, Flight<T>>();

  get size(): number {
    return this.flights.size;
  }

  /** Runs `start` unless a call for `key` is in flight; `shared` says which happened. */
  run(
    key: string,
    start: (signal: AbortSignal | undefined) => Promise<T>,
    signal?: AbortSignal,
  ): { promise: Promise<T>; shared: boolean } {
    signal?.throwIfAborted();
    let flight = this.flights.get(key);
    const shared = flight !== undefined;
    if (flight === undefined) {
      // A caller without a signal waits to the end, so the call could never be aborted by its
      // callers giving up: it needs no controller (the common case, and one less per call).
      const controller = signal === undefined ? undefined : new AbortController();
      const promise = start(controller?.signal);
      // A side branch frees the key (cheaper than finally(), which chains three promises).
      const free = (): void => {
        this.flights.delete(key);
      };
      promise.then(free, free);
      flight = { promise, controller, waiting: 0 };
      this.flights.set(key, flight);
    }
    return { promise: this.wait(flight, signal), shared };
  }

  private wait(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiting += 1;
    if (signal === undefined) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        flight.waiting -= 1;
        if (flight.waiting === 0) flight.controller?.abort(signal.reason);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
