import { CONTEXT_MARKS } from '../api-types.js';

/**
 * How many of the context meter's marks (0.70, 0.85, 0.95) a share has reached: 0 below the
 * first, 3 past the last. The meter changes colour at each. Pure: tested in context-meter.test.ts.
 */
export function contextLevel(
  share: number | null,
  marks: readonly number[] = CONTEXT_MARKS,
): number {
  if (share === null || !Number.isFinite(share)) return 0;
  let level = 0;
  for (const mark of marks) if (share >= mark) level += 1;
  return level;
}

export { CONTEXT_MARKS };
