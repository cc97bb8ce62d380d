import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../store/index.js';
import type { BusEvent, EventBatchWriter } from './index.js';
import { attachEventPersistence, createEventBus } from './index.js';

/** Records every batch it is handed; optionally fails the next write. */
function recordingWriter(): EventBatchWriter & { batches: string[][]; failNext: boolean } {
  const writer = {
    batches: [] as string[][],
    failNext: false,
    appendBatch(events: readonly BusEvent[]): void {
      if (writer.failNext) {
        writer.failNext = false;
        throw new Error('disk full');
      }
      writer.batches.push(events.map((event) => event.type + ':' + String(event.ts)));
    },
  };
  return writer;
}

function tickingBus(): ReturnType<typeof createEventBus> {
  let ticks = 0;
  return createEventBus({ source: 'test', clock: () => (ticks += 1) });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('attachEventPersistence', () => {
  it('writes one batch as soon as batchSize events are queued', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    const persistence = attachEventPersistence(bus, writer, { batchSize: 3 });

    bus.emit('config.validated', { ok: true });
    bus.emit('config.validated', { ok: false });
    expect(writer.batches).toEqual([]);
    expect(persistence.pending).toBe(2);
    bus.emit('project.initialized', { root: '/' });

    expect(writer.batches).toEqual([
      ['config.validated:1', 'config.validated:2', 'project.initialized:3'],
    ]);
    expect(persistence.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // the size-triggered write cancelled the timer
    persistence.close();
  });

  it('writes after flushIntervalMs with one timer per batch, not per event', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    const persistence = attachEventPersistence(bus, writer, { flushIntervalMs: 50 });

    bus.emit('config.validated', { ok: true });
    vi.advanceTimersByTime(30);
    bus.emit('config.validated', { ok: true });
    bus.emit('config.validated', { ok: true });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(19);
    expect(writer.batches).toEqual([]);
    vi.advanceTimersByTime(1); // 50 ms after the first event, not the last

    expect(writer.batches).toEqual([
      ['config.validated:1', 'config.validated:2', 'config.validated:3'],
    ]);
    expect(vi.getTimerCount()).toBe(0);

    bus.emit('project.initialized', { root: '/' });
    vi.advanceTimersByTime(50);
    expect(writer.batches).toHaveLength(2);
    persistence.close();
  });

  it('close flushes the queue, cancels the timer and stops listening', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    const persistence = attachEventPersistence(bus, writer);

    bus.emit('config.validated', { ok: true });
    bus.emit('project.initialized', { root: '/' });
    persistence.close();
    expect(writer.batches).toEqual([['config.validated:1', 'project.initialized:2']]);
    expect(vi.getTimerCount()).toBe(0);

    bus.emit('config.validated', { ok: true });
    persistence.close();
    vi.runAllTimers();
    expect(writer.batches).toHaveLength(1);
  });

  it('flush writes synchronously and does nothing on an empty queue', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    const persistence = attachEventPersistence(bus, writer);
    persistence.flush();
    expect(writer.batches).toEqual([]);
    bus.emit('config.validated', { ok: true });
    persistence.flush();
    expect(writer.batches).toEqual([['config.validated:1']]);
    expect(vi.getTimerCount()).toBe(0);
    persistence.close();
  });

  it('drops a failed batch: flush rethrows, automatic writes report to onError', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    const failures: { message: string; dropped: number }[] = [];
    const persistence = attachEventPersistence(bus, writer, {
      batchSize: 2,
      onError: (error, events) =>
        failures.push({
          message: error instanceof Error ? error.message : String(error),
          dropped: events.length,
        }),
    });

    writer.failNext = true;
    bus.emit('config.validated', { ok: true });
    expect(() => {
      persistence.flush();
    }).toThrow('disk full');
    expect(persistence.pending).toBe(0);

    writer.failNext = true;
    bus.emit('config.validated', { ok: true });
    bus.emit('config.validated', { ok: true }); // size-triggered inside emit: must not throw
    writer.failNext = true;
    bus.emit('config.validated', { ok: true });
    vi.advanceTimersByTime(50); // timer-triggered: must not throw
    expect(failures).toEqual([
      { message: 'disk full', dropped: 2 },
      { message: 'disk full', dropped: 1 },
    ]);

    bus.emit('project.initialized', { root: '/' });
    persistence.close();
    expect(writer.batches).toEqual([['project.initialized:5']]);
  });

  it('rejects options that would never write', () => {
    const bus = tickingBus();
    const writer = recordingWriter();
    expect(() => attachEventPersistence(bus, writer, { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => attachEventPersistence(bus, writer, { flushIntervalMs: -1 })).toThrow(
      /flushIntervalMs/,
    );
  });
});

describe('attachEventPersistence with the real store', () => {
  it('persists bus events into the events table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-persist-'));
    const store = openStore({ path: join(dir, 'state.db') });
    try {
      const bus = createEventBus({ source: 'cli', clock: () => 1_700_000_000_000, run: 'r1' });
      const persistence = attachEventPersistence(bus, store.events);
      bus.emit('agents.validated', { files: 4, invalid: 1 }, { session: 's1' });
      bus.emit('config.validated', { ok: true });
      expect(store.events.count()).toBe(0);
      vi.advanceTimersByTime(50);
      expect(store.events.list({ order: 'asc' })).toEqual([
        {
          id: 1,
          ts: 1_700_000_000_000,
          type: 'agents.validated',
          version: 1,
          source: 'cli',
          session: 's1',
          run: 'r1',
          payload: { files: 4, invalid: 1 },
        },
        {
          id: 2,
          ts: 1_700_000_000_000,
          type: 'config.validated',
          version: 1,
          source: 'cli',
          session: null,
          run: 'r1',
          payload: { ok: true },
        },
      ]);
      persistence.close();
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
