/** Shared by the concurrent-writer child and its test, so both agree on what was written. */
export const EVENTS_PER_WRITER = 500;
export const BATCH_SIZE = 25;
