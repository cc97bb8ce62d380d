/**
 * Child process for concurrent-writers.int.test.ts, bundled with esbuild so it runs our real
 * openStore. Usage: node concurrent-writer.mjs <db path> <source>
 *
 * It prints `ready`, waits for one line on stdin (the parent's start signal, so all children
 * open the fresh database at the same moment and race on the migration), then appends
 * EVENTS_PER_WRITER events in batches of BATCH_SIZE. Timestamps are the sequence number: no clock.
 */
import { openStore } from '../index.js';
import type { NewEventRecord } from '../index.js';
import { BATCH_SIZE, EVENTS_PER_WRITER } from './concurrent-writer-plan.js';

const [path, source] = process.argv.slice(2);
if (path === undefined || source === undefined) {
  process.stderr.write('usage: concurrent-writer <db path> <source>\n');
  process.exit(2);
}

process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.once('data', () => {
    resolve();
  });
});
process.stdin.destroy();

// Generous timeout: four processes share one write lock on a possibly slow CI disk.
const store = openStore({ path, busyTimeoutMs: 20_000 });
try {
  for (let batch = 0; batch < EVENTS_PER_WRITER / BATCH_SIZE; batch += 1) {
    const events: NewEventRecord[] = [];
    for (let index = 0; index < BATCH_SIZE; index += 1) {
      const seq = batch * BATCH_SIZE + index;
      events.push({ ts: seq, type: 'test.written', source, payload: { seq, batch } });
    }
    store.events.appendBatch(events);
  }
} finally {
  store.close();
}
