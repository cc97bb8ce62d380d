/**
 * dist/queue.cjs: the job queue (BullMQ on Redis) for `worker` and `--queue`. BullMQ and ioredis
 * are optional peer dependencies, required on first use; nothing here loads unless a queue is
 * asked for.
 */
export { JobQueue } from './job-queue.js';
export { parseQueueUrl } from './queue-url.js';
export type { QueueUrl } from './queue-url.js';
export { QueueWorker } from './queue-worker.js';
export {
  followAndRecord,
  runAgentOnQueue,
  startWorkflowOnQueue,
  workflowJob,
} from './queued-runs.js';
export type { AgentRunRequest, QueuedWorkflowRun } from './queued-runs.js';
export { CALLS_QUEUE, WORKFLOWS_QUEUE } from './queue-names.js';
