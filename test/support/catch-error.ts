/** Runs `action` and returns the error it throws, which must be an instance of `type`. */
export function catchError<T extends Error>(
  type: abstract new (...args: never[]) => T,
  action: () => unknown,
): T {
  try {
    action();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
