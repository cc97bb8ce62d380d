import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../files/index.js';

export function spoolDir(hybridHome: string): string {
  return join(hybridHome, 'spool');
}

/** An event whose handling keeps failing is set aside after this long. */
const GIVE_UP_MS = 3_600_000;

let sequence = 0;

/**
 * Leaves one event for the daemon: written to a temp name, then renamed, so the daemon never
 * reads half a file. Names sort by time, so the daemon handles events in order.
 */
export function spoolEvent(hybridHome: string, event: string, input: string): void {
  const dir = spoolDir(hybridHome);
  ensurePrivateDir(dir);
  sequence += 1;
  const name = `${String(Date.now()).padStart(14, '0')}-${process.pid}-${sequence}`;
  writeFileSync(join(dir, `${name}.tmp`), `${JSON.stringify({ event, input })}\n`, { mode: 0o600 });
  renameSync(join(dir, `${name}.tmp`), join(dir, `${name}.json`));
}

/** The idempotency key of a spooled event: its file name, unique per relay process and event. */
export function spoolKey(name: string): string {
  return `spool:${name.endsWith('.json') ? name.slice(0, -'.json'.length) : name}`;
}

/**
 * Hands every spooled event to `handle`, oldest first, and deletes each once handled. A file that
 * is not a spooled event is moved aside (`spool/bad/`) rather than retried forever; one whose
 * handling throws stays for the next drain. Returns how many were handled.
 *
 * Exactly once: a crash between handling an event and deleting its file replays the file on the
 * next drain, so `handle` gets the file's key (spoolKey) and must make a replay a no-op (the
 * store skips an event whose key it has).
 */
export function drainSpool(
  hybridHome: string,
  handle: (event: string, input: string, receivedAt: number, key: string) => 'handled' | 'bad',
): number {
  const dir = spoolDir(hybridHome);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return 0;
  }
  let handled = 0;
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // another daemon took it
    }
    let record: { event?: unknown; input?: unknown };
    try {
      record = JSON.parse(text) as { event?: unknown; input?: unknown };
    } catch {
      moveAside(dir, name);
      continue;
    }
    if (typeof record.event !== 'string' || typeof record.input !== 'string') {
      moveAside(dir, name);
      continue;
    }
    // The name starts with the time the relay received the event.
    const receivedAt = Number(name.slice(0, 14));
    let outcome: 'handled' | 'bad';
    try {
      outcome = handle(record.event, record.input, receivedAt, spoolKey(name));
    } catch {
      // Retried on the next drain, but not for ever.
      if (Date.now() - receivedAt > GIVE_UP_MS) moveAside(dir, name);
      continue;
    }
    if (outcome === 'bad') {
      moveAside(dir, name);
      continue;
    }
    rmSync(file, { force: true });
    handled += 1;
  }
  return handled;
}

function moveAside(dir: string, name: string): void {
  try {
    ensurePrivateDir(join(dir, 'bad'));
    renameSync(join(dir, name), join(dir, 'bad', name));
  } catch {
    // Gone already (another daemon drained it): nothing to set aside.
  }
}
