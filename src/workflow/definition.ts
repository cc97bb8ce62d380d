/**
 * A validated workflow: what `parseWorkflow` returns and what a run checkpoints, so a resumed run
 * follows exactly the definition it started with, even if the file changed since.
 */

import type { OutputDefinition } from './output-schema.js';

/** The workflow file format this code reads and writes into checkpoints. */
export const WORKFLOW_FORMAT_VERSION = 1;

export interface InputDefinition {
  readonly description: string | undefined;
  /** Used when the input is not given; an input without one is required. */
  readonly default: string | undefined;
}

export interface RepeatDefinition {
  /** Most iterations, at least 1. */
  readonly max: number;
  /** Stop once this condition holds after an iteration (it can read this step's own output). */
  readonly until: string;
}

export interface HandoffDefinition {
  /** Token budget for each earlier output the task quotes. */
  readonly maxTokens: number;
  /** Over budget, summarise with a cheap-tier call instead of cutting. */
  readonly summarize: boolean;
}

export interface StepDefinition {
  readonly id: string;
  /** The agent to run; undefined when the step is routed (`route: auto`). */
  readonly agent: string | undefined;
  /** The task template: `{{inputs.x}}`, `{{steps.id.output}}`, `{{repeat.previous}}`, ... */
  readonly task: string;
  readonly needs: readonly string[];
  /** Run only when this condition holds; otherwise the step is skipped. */
  readonly when: string | undefined;
  /** Model alias or id; overrides the run's --model for this step. */
  readonly model: string | undefined;
  readonly maxCostUsd: number | undefined;
  /** Per-attempt timeout in ms. */
  readonly timeoutMs: number | undefined;
  /** Retries after the first attempt. */
  readonly retries: number | undefined;
  readonly repeat: RepeatDefinition | undefined;
  readonly handoff: HandoffDefinition;
  /**
   * Ask the next tier up once when an answer fails a check: a refusal, a cut-off at max_tokens,
   * or output that does not match `output.schema`. Absent in checkpoints written before the
   * option existed (read as false).
   */
  readonly escalate?: boolean | undefined;
  /** The answer must be JSON matching this schema, or the step fails (`workflow.output_invalid`). */
  readonly output?: OutputDefinition | undefined;
  /** 1-based line of the step in its file, for messages. */
  readonly line: number | undefined;
}

export interface WorkflowDefinition {
  readonly version: number;
  readonly name: string;
  readonly description: string | undefined;
  readonly inputs: Readonly<Record<string, InputDefinition>>;
  readonly maxCostUsd: number | undefined;
  readonly maxConcurrency: number;
  /** Steps in file order. */
  readonly steps: readonly StepDefinition[];
}

/** Default token budget for each quoted earlier output. */
export const DEFAULT_HANDOFF_TOKENS = 4_000;

/** A step with only its essentials set: no condition, model, budget, retries or loop. */
export function plainStep(
  id: string,
  agent: string | undefined,
  task: string,
  needs: readonly string[],
  handoff: HandoffDefinition = { maxTokens: DEFAULT_HANDOFF_TOKENS, summarize: false },
): StepDefinition {
  return {
    id,
    agent,
    task,
    needs,
    when: undefined,
    model: undefined,
    maxCostUsd: undefined,
    timeoutMs: undefined,
    retries: undefined,
    repeat: undefined,
    handoff,
    line: undefined,
  };
}
/** Default number of steps run at once. */
export const DEFAULT_MAX_CONCURRENCY = 4;
/** The largest `repeat.max`: a review loop that needs more is not converging. */
export const MAX_REPEAT = 20;
/** Most steps in one workflow. */
export const MAX_STEPS = 1_000;
