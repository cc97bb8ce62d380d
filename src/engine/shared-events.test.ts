import { describe, expect, it } from 'vitest';
import { createEventBus } from '../events/index.js';
import type { NewEventRecord } from '../store/index.js';
import type { PgEvents } from '../store/postgres/index.js';
import { attachSharedEvents } from './shared-events.js';

function recorder(fail: boolean): { events: PgEvents; batches: NewEventRecord[][] } {
  const batches: NewEventRecord[][] = [];
  return {
    batches,
    events: {
      appendBatch: async (batch) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (fail) throw new Error('server gone');
        batches.push([...batch]);
        return batch.map((_, index) => index + 1);
      },
      query: () => Promise.resolve([]),
    },
  };
}

const emitStarted = (bus: ReturnType<typeof createEventBus>, run: string): void => {
  bus.emit('run.started', { runId: run, agent: 'qa', model: 'm', provider: 'anthropic' }, { run });
};

describe('attachSharedEvents', () => {
  it('writes the bus in batches and close waits for the writes in flight', async () => {
    const bus = createEventBus({ source: 'test' });
    const { events, batches } = recorder(false);
    const sink = attachSharedEvents(bus, events, {
      batchSize: 2,
      flushIntervalMs: 10_000,
      warn: () => undefined,
    });
    emitStarted(bus, 'r1');
    emitStarted(bus, 'r2');
    emitStarted(bus, 'r3');
    await sink.close();
    expect(batches.map((batch) => batch.map((event) => event.run))).toEqual([['r1', 'r2'], ['r3']]);
    emitStarted(bus, 'r4');
    expect(batches).toHaveLength(2);
  });

  it('drops a failed batch and warns once, not per batch', async () => {
    const bus = createEventBus({ source: 'test' });
    const warnings: string[] = [];
    const sink = attachSharedEvents(bus, recorder(true).events, {
      batchSize: 1,
      flushIntervalMs: 10_000,
      warn: (message) => warnings.push(message),
    });
    emitStarted(bus, 'r1');
    emitStarted(bus, 'r2');
    await sink.close();
    expect(warnings).toEqual(['events were not written to the shared store: server gone']);
  });
});
