import { watch } from 'node:fs';
import { ensurePrivateDir } from '../files/index.js';
import { HookInputError, isHookEvent, readHookInput } from './hook-events.js';
import type { HookHandler } from './hook-handler.js';
import { drainSpool, spoolDir } from './spool.js';

/** How long the watcher waits after a change, so a burst of events is drained in one pass. */
const SETTLE_MS = 10;
/** How often the spool is drained even with no change seen. */
const BACKSTOP_MS = 1_000;

/** Handles one spooled event with the daemon's handler; 'bad' when it is not a hook event. */
export function handleSpooled(
  handler: HookHandler,
  event: string,
  input: string,
  receivedAt?: number,
  key?: string,
): 'handled' | 'bad' {
  if (!isHookEvent(event)) return 'bad';
  let body: unknown;
  try {
    body = JSON.parse(input);
  } catch {
    return 'bad';
  }
  try {
    handler.handle(event, readHookInput(event, body), receivedAt, key);
  } catch (error) {
    if (error instanceof HookInputError) return 'bad';
    throw error;
  }
  return 'handled';
}

/**
 * Drains the spool now (events the relay left while the daemon was down), then whenever the
 * folder changes. The watcher is unref'd: it never keeps the daemon alive by itself.
 */
export function watchSpool(hybridHome: string, handler: HookHandler): void {
  const dir = spoolDir(hybridHome);
  const drain = (): void => {
    try {
      ensurePrivateDir(dir);
      drainSpool(hybridHome, (event, input, receivedAt, key) =>
        handleSpooled(handler, event, input, receivedAt, key),
      );
    } catch (error) {
      process.stderr.write(`claude-hybrid daemon: spool: ${(error as Error).message}\n`);
    }
  };
  drain();
  let timer: NodeJS.Timeout | undefined;
  const soon = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      drain();
    }, SETTLE_MS);
  };
  try {
    const watcher = watch(dir, soon);
    watcher.on('error', () => undefined); // the backstop below keeps draining
    watcher.unref();
  } catch {
    // No inotify watch left: the backstop alone drains.
  }
  // A backstop: a watch can go quiet (the folder recreated, the watch limit reached).
  setInterval(drain, BACKSTOP_MS).unref();
}
