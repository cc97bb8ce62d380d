/**
 * Where Claude Hybrid's work lives in Redis. Every key starts with QUEUE_PREFIX, so one Redis
 * serves other BullMQ users too, and bull-board (or any BullMQ tool) finds the queues by name
 * under that prefix.
 */
export const QUEUE_PREFIX = 'claude-hybrid';

/** Model calls: agent runs (`run --queue`) and workflow steps. */
export const CALLS_QUEUE = 'calls';

/**
 * Workflow runs: one job per run drives its DAG and fans its steps out to CALLS_QUEUE. Kept
 * apart so a coordinator waiting on its steps never holds a slot a step needs.
 */
export const WORKFLOWS_QUEUE = 'workflows';

/** BullMQ job ids may not hold `:`; run and step ids are ours and kept to [\w.-]. */
function idPart(text: string): string {
  return text.replace(/[^\w.-]/g, '_');
}

/** The job of an agent run: its run id, so a second enqueue of the same run is the same job. */
export function agentRunJobId(runId: string): string {
  return `run-${idPart(runId)}`;
}

/** The job of a workflow run's coordinator. */
export function workflowJobId(runId: string): string {
  return `workflow-${idPart(runId)}`;
}

/**
 * The job of one iteration of one step: the step's idempotency key. Enqueued again (a
 * coordinator that took over after a crash), it is the same job, and a finished one answers
 * with its recorded result instead of calling the model again.
 */
export function stepJobId(runId: string, stepId: string, iteration: number): string {
  return `step-${idPart(runId)}-${idPart(stepId)}-${iteration}`;
}

/** The Redis stream a run's events are relayed through, from its workers to its caller. */
export function eventStreamKey(runId: string): string {
  return `${QUEUE_PREFIX}:events:${runId}`;
}
