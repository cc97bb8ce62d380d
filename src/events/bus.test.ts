import { describe, expect, expectTypeOf, it } from 'vitest';
import { HybridError } from '../errors.js';
import type { BusEvent, EventMap } from './index.js';
import { createEventBus } from './index.js';

/** A clock that counts calls: ts is 1, 2, 3, ... so tests never depend on wall time. */
function countingClock(): { now: () => number; calls: () => number } {
  let ticks = 0;
  return { now: () => (ticks += 1), calls: () => ticks };
}

const deployed: EventMap['agents.deployed'] = {
  target: '.claude/agents',
  written: ['engineer.md'],
  unchanged: [],
  skipped: ['custom.md'],
};

describe('createEventBus', () => {
  it('stamps events from the injected clock, the event version and the bus defaults', () => {
    const clock = countingClock();
    const bus = createEventBus({ source: 'cli', clock: clock.now, session: 's1' });
    const seen: BusEvent[] = [];
    bus.subscribe((event) => seen.push(event));

    bus.emit('project.initialized', { root: '/p' });
    bus.emit('config.validated', { ok: true }, { run: 'r9', session: 's2' });

    expect(seen).toEqual([
      {
        type: 'project.initialized',
        version: 1,
        ts: 1,
        source: 'cli',
        session: 's1',
        run: null,
        payload: { root: '/p' },
      },
      {
        type: 'config.validated',
        version: 1,
        ts: 2,
        source: 'cli',
        session: 's2',
        run: 'r9',
        payload: { ok: true },
      },
    ]);
  });

  it('delivers synchronously in subscription order, typed and catch-all interleaved', () => {
    const bus = createEventBus({ source: 'cli', clock: () => 0 });
    const order: string[] = [];
    bus.subscribe((event) => order.push(`all-1:${event.type}`));
    bus.on('agents.deployed', (event) => order.push(`deployed:${event.type}`));
    bus.subscribe((event) => order.push(`all-2:${event.type}`));
    bus.on('config.validated', (event) => order.push(`config:${event.type}`));

    bus.emit('agents.deployed', deployed);
    order.push('after-first-emit');
    bus.emit('config.validated', { ok: false });
    bus.emit('project.initialized', { root: '/' });

    expect(order).toEqual([
      'all-1:agents.deployed',
      'deployed:agents.deployed',
      'all-2:agents.deployed',
      'after-first-emit',
      'all-1:config.validated',
      'all-2:config.validated',
      'config:config.validated',
      'all-1:project.initialized',
      'all-2:project.initialized',
    ]);
  });

  it('types on() listeners by event name and rejects mismatched payloads at compile time', () => {
    const bus = createEventBus({ source: 'cli', clock: () => 0 });
    const written: string[][] = [];
    bus.on('agents.deployed', (event) => {
      expectTypeOf(event.payload).toEqualTypeOf<EventMap['agents.deployed']>();
      written.push(event.payload.written);
    });
    bus.subscribe((event) => {
      // The catch-all event is a union that narrows on `type`.
      if (event.type === 'agents.validated') expectTypeOf(event.payload.invalid).toBeNumber();
    });
    bus.emit('agents.deployed', deployed);
    bus.emit('agents.validated', { files: 3, invalid: 0 });

    // @ts-expect-error: the payload of config.validated is { ok: boolean }
    bus.emit('config.validated', { root: '/' });
    // @ts-expect-error: unknown event names do not compile
    bus.on('no.such', () => undefined);

    expect(written).toEqual([['engineer.md']]);
  });

  it('isolates a throwing listener and reports its error', () => {
    const reported: { error: unknown; type: string }[] = [];
    const bus = createEventBus({
      source: 'cli',
      clock: () => 0,
      onListenerError: (error, event) => reported.push({ error, type: event.type }),
    });
    const failure = new Error('listener broke');
    const seen: string[] = [];
    bus.subscribe(() => {
      throw failure;
    });
    bus.subscribe((event) => seen.push(event.type));

    expect(() => {
      bus.emit('config.validated', { ok: true });
    }).not.toThrow();
    expect(seen).toEqual(['config.validated']);
    expect(reported).toEqual([{ error: failure, type: 'config.validated' }]);
  });

  it('survives an error reporter that throws, and reports nothing by default', () => {
    const seen: string[] = [];
    for (const bus of [
      createEventBus({ source: 'cli', clock: () => 0 }),
      createEventBus({
        source: 'cli',
        clock: () => 0,
        onListenerError: () => {
          throw new Error('reporter broke');
        },
      }),
    ]) {
      bus.subscribe(() => {
        throw new Error('listener broke');
      });
      bus.subscribe((event) => seen.push(event.type));
      bus.emit('config.validated', { ok: true });
    }
    expect(seen).toEqual(['config.validated', 'config.validated']);
  });

  it('unsubscribes, idempotently, and a mid-emit unsubscribe applies from the next emit', () => {
    const bus = createEventBus({ source: 'cli', clock: () => 0 });
    const seen: string[] = [];
    let unsubscribeSecond = (): void => undefined;
    const unsubscribeFirst = bus.subscribe(() => {
      seen.push('first');
      unsubscribeSecond();
    });
    unsubscribeSecond = bus.on('config.validated', () => seen.push('second'));

    bus.emit('config.validated', { ok: true });
    bus.emit('config.validated', { ok: true });
    unsubscribeFirst();
    unsubscribeFirst();
    bus.emit('config.validated', { ok: true });

    expect(seen).toEqual(['first', 'second', 'first']);
  });

  it('does no work, not even a clock read, when nobody listens', () => {
    const clock = countingClock();
    const bus = createEventBus({ source: 'cli', clock: clock.now });
    bus.emit('project.initialized', { root: '/' });
    const unsubscribe = bus.on('agents.deployed', () => undefined);
    bus.emit('project.initialized', { root: '/' });
    expect(clock.calls()).toBe(0);
    unsubscribe();
  });

  it('requires a source', () => {
    expect(() => createEventBus({ source: '' })).toThrow(HybridError);
  });
});
