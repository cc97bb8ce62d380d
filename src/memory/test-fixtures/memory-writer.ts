/**
 * Child process for memory-store.int.test.ts and bench/memory.mjs, bundled with esbuild so it
 * runs the real MemoryStore. Usage: node memory-writer.mjs <db> <memories dir> <agent> <writer> <count>
 *
 * Prints `ready`, waits for a line on stdin (so every writer starts at once), then adds <count>
 * distinct entries to <agent>'s memory, one add (one file write) each, and prints `done`.
 */
import { openStore } from '../../store/index.js';
import { MemoryStore } from '../memory-store.js';
import { distinctText } from './distinct-text.js';

const [db, dir, agent, writerText, countText] = process.argv.slice(2);
if (db === undefined || dir === undefined || agent === undefined) {
  process.stderr.write('usage: memory-writer <db> <dir> <agent> <writer> <count>\n');
  process.exit(2);
}
const writer = Number(writerText);
const count = Number(countText);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.once('data', () => {
    resolve();
  });
});
process.stdin.destroy();
// Generous timeout: several processes share one write lock on a possibly slow CI disk.
const store = openStore({ path: db, busyTimeoutMs: 60_000 });
try {
  // No size cap in play: every entry must survive.
  const memory = new MemoryStore({ db: store.db, dir, maxBytes: 1024 * 1024 * 1024 });
  for (let index = 0; index < count; index += 1) {
    const outcome = memory.add(agent, distinctText(writer, index), 'Notes');
    if (outcome.status !== 'added') throw new Error(`entry ${index}: ${JSON.stringify(outcome)}`);
    if (index % 50 === 0) process.stdout.write(`added ${index}\n`);
  }
  process.stdout.write('done\n');
} finally {
  store.close();
}
