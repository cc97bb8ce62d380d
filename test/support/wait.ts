/**
 * Polls `condition` (which may be async) every `intervalMs` until it holds; fails after
 * `timeoutMs` with what was awaited.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 2_000,
  intervalMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
