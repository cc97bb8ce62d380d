import type { AgentEntry } from '../agents/index.js';
import type { SkillEntry } from '../skills/index.js';
import type { RunRecord, StepRecord } from '../workflow/index.js';
import { effectiveStatus } from '../engine/engine.bundle.js';
import { eventJson } from '../events/event-json.js';
import type { AgentSummary, SkillSummary, WorkflowRunState, WorkflowStatus } from './types.js';

/** A recorded run as the library returns it: plain data, dates as ISO strings. */
export function workflowStatus(run: RunRecord, steps: readonly StepRecord[]): WorkflowStatus {
  return {
    runId: run.id,
    name: run.name,
    status: effectiveStatus(run) as WorkflowRunState, // a RunStatus, or 'interrupted'
    spentUsd: run.spentUsd,
    error: run.error ?? null,
    createdAt: new Date(run.createdAt).toISOString(),
    steps: steps.map((step) => ({
      stepId: step.stepId,
      status: step.status,
      agent: step.agent ?? null,
      model: step.model ?? null,
      iterations: step.iterations,
      inputTokens: step.usage.inputTokens,
      outputTokens: step.usage.outputTokens,
      costUsd: step.costUsd,
      durationMs: step.durationMs,
      attempts: step.attempts,
      output: step.output ?? null,
      error: step.error ?? null,
      escalation: step.escalation ?? null,
    })),
  };
}

export function agentSummary(entry: AgentEntry): AgentSummary {
  const { definition } = entry;
  return {
    name: definition.name,
    description: definition.description,
    scope: entry.scope,
    file: entry.file,
    model: definition.model ?? null,
    tier: definition.tier ?? null,
    tools: definition.tools ?? null,
    keywords: definition.keywords,
  };
}

export function skillSummary(entry: SkillEntry): SkillSummary {
  const { definition } = entry;
  return {
    name: definition.name,
    description: definition.description,
    scope: entry.scope,
    file: entry.file,
    allowedTools: definition.allowedTools ?? null,
    files: entry.extraFiles,
    managed: entry.managed,
  };
}

/** A stored event as the library returns it: as `events list --json` prints it. */
export const recordedEvent = eventJson;
