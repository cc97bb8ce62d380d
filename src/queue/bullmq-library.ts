import type * as BullMq from 'bullmq';
import { requireOptional } from '../files/index.js';

let library: typeof BullMq | undefined;

/** BullMQ, an optional peer dependency: `deps.missing` with the install command when absent. */
export function bullmq(): typeof BullMq {
  library ??= requireOptional('bullmq', 'the job queue (--queue, queue.url)') as typeof BullMq; // the package's own module
  return library;
}
