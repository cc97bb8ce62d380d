import type { RunResult, StreamChunk } from './types.js';

/**
 * Turns a run that reports text through a callback into an async iterable: text chunks as they
 * arrive, then one `result` chunk. The run starts when iteration starts; a failed run rejects
 * the iteration with its error after the text that came before it. Breaking out of the loop
 * early aborts the run through the signal handed to `start`.
 */
export async function* textStream(
  start: (onText: (text: string) => void, signal: AbortSignal) => Promise<RunResult>,
  outer: AbortSignal | undefined,
): AsyncGenerator<StreamChunk, void, undefined> {
  const controller = new AbortController();
  const forward = (): void => {
    controller.abort(outer?.reason);
  };
  if (outer?.aborted === true) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const pending: string[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const running = start((text) => {
    pending.push(text);
    notify();
  }, controller.signal).finally(() => {
    settled = true;
    notify();
  });
  // Observed here so a rejection is never unhandled while the consumer is between chunks.
  running.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const text = pending.shift();
      if (text !== undefined) {
        yield { type: 'text', text };
        continue;
      }
      if (settled) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    const result = await running;
    finished = true;
    yield { type: 'result', result };
  } finally {
    outer?.removeEventListener('abort', forward);
    // The consumer stopped early: stop the run it no longer reads.
    if (!finished && !settled) controller.abort();
  }
}
