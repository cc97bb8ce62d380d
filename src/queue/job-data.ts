import type { IterationResult, StepDefinition } from '../workflow/index.js';

/** An agent run, as `run --queue` enqueues it: the worker routes and runs it. */
export interface AgentRunJob {
  readonly kind: 'agent-run';
  readonly runId: string;
  readonly task: string;
  readonly agent: string | undefined;
  readonly model: string | undefined;
  readonly provider: string | undefined;
  readonly maxCostUsd: number | undefined;
  readonly cache: boolean;
  /**
   * Ask the next tier up once when the answer fails a check (`run --escalate`). Absent in jobs
   * enqueued before the option existed: read as false.
   */
  readonly escalate?: boolean | undefined;
}

/** One iteration of a workflow step, enqueued by the run's coordinator. */
export interface StepJob {
  readonly kind: 'step';
  readonly runId: string;
  readonly stepId: string;
  readonly iteration: number;
  readonly step: StepDefinition;
  readonly task: string;
  readonly provider: string;
  readonly model: string | undefined;
  readonly cache: boolean;
}

/** A workflow run recorded in the checkpoint store, for a worker to drive. */
export interface WorkflowJob {
  readonly kind: 'workflow';
  readonly runId: string;
  readonly provider: string | undefined;
  readonly cache: boolean;
}

export type QueuedJob = AgentRunJob | StepJob | WorkflowJob;

/** What a step job returns: the iteration, as the scheduler records it. */
export type StepJobResult = IterationResult;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string';

/**
 * The job's data when it has the shape of one of ours, else a message saying what is wrong:
 * such a job can never succeed, and fails at once rather than after retries.
 */
export function readJob(data: unknown): QueuedJob | string {
  if (!isRecord(data)) return 'the job data is not an object';
  if (typeof data.runId !== 'string' || data.runId === '') return 'the job has no runId';
  switch (data.kind) {
    case 'agent-run':
      if (typeof data.task !== 'string' || data.task.trim() === '') return 'the job has no task';
      if (![data.agent, data.model, data.provider].every(optionalString))
        return 'agent, model and provider must be strings';
      if (
        data.maxCostUsd !== undefined &&
        data.maxCostUsd !== null &&
        typeof data.maxCostUsd !== 'number'
      )
        return 'maxCostUsd must be a number';
      if (data.escalate !== undefined && typeof data.escalate !== 'boolean')
        return 'escalate must be true or false';
      break;
    case 'step':
      if (typeof data.stepId !== 'string' || !isRecord(data.step)) return 'the job has no step';
      if (typeof data.task !== 'string') return 'the job has no task';
      if (typeof data.iteration !== 'number' || !Number.isInteger(data.iteration))
        return 'the job has no iteration';
      if (typeof data.provider !== 'string') return 'the job has no provider';
      break;
    case 'workflow':
      break;
    default:
      return `unknown job kind ${JSON.stringify(data.kind)}`;
  }
  return data as unknown as QueuedJob; // checked field by field above
}
