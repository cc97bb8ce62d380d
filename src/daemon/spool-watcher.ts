import { mkdirSync, watch } from 'node:fs';
import { HookInputError, isHookEvent, readHookInput } from './hook-events.js';
import type { HookHandler } from './hook-handler.js';
import { drainSpool, spoolDir } from './spool.js';

/** How long the watcher waits after a change, so a burst of events is drained in one pass. */
const SETTLE_MS = 10;

/** Handles one spooled event with the daemon's handler; 'bad' when it is not a hook event. */
export function handleSpooled(
  handler: HookHandler,
  event: string,
  input: string,
): 'handled' | 'bad' {
  if (!isHookEvent(event)) return 'bad';
  let body: unknown;
  try {
    body = JSON.parse(input);
  } catch {
    return 'bad';
  }
  try {
    handler.handle(event, readHookInput(event, body));
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
  mkdirSync(dir, { recursive: true });
  const drain = (): void => {
    drainSpool(hybridHome, (event, input) => handleSpooled(handler, event, input));
  };
  drain();
  let timer: NodeJS.Timeout | undefined;
  watch(dir, () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      drain();
    }, SETTLE_MS);
  }).unref();
}
