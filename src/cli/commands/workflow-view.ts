import type {
  RunRecord,
  StepRecord,
  StepStatus,
  WorkflowDefinition,
} from '../../workflow/index.js';
import type { Colors } from '../output.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SYMBOL: Readonly<Record<StepStatus, string>> = {
  pending: '·',
  running: '⠋',
  succeeded: '✓',
  failed: '✗',
  skipped: '↷',
  blocked: '⊘',
};

/** What the live view shows of a step. */
export interface StepView {
  status: StepStatus;
  agent: string | undefined;
  model: string | undefined;
  iterations: number;
  tokens: number;
  costUsd: number;
  /** When it started running (this process's clock), for the live duration. */
  startedAt: number | undefined;
  durationMs: number;
  note: string | undefined;
}

export function viewOf(record: StepRecord | undefined): StepView {
  return {
    status: record?.status ?? 'pending',
    agent: record?.agent,
    model: record?.model,
    iterations: record?.iterations ?? 0,
    tokens: (record?.usage.inputTokens ?? 0) + (record?.usage.outputTokens ?? 0),
    costUsd: record?.costUsd ?? 0,
    startedAt: undefined,
    durationMs: record?.durationMs ?? 0,
    note: record?.error,
  };
}

/** Depth of each step: the longest chain of needs above it, for the tree's indentation. */
export function stepDepths(definition: WorkflowDefinition): Map<string, number> {
  const depths = new Map<string, number>();
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const needs = byId.get(id)?.needs ?? [];
    const depth =
      needs.length === 0 ? 0 : 1 + Math.max(...needs.map((need) => depthOf(need, seen)));
    depths.set(id, depth);
    return depth;
  };
  for (const step of definition.steps) depthOf(step.id, new Set());
  return depths;
}

/** One line per step: symbol, indented id, agent · model, duration, tokens, cost, note. */
export function renderSteps(
  definition: WorkflowDefinition,
  views: ReadonlyMap<string, StepView>,
  colors: Colors,
  now: number,
  frame = 0,
): string[] {
  const depths = stepDepths(definition);
  const width = Math.max(
    ...definition.steps.map((step) => step.id.length + 2 * (depths.get(step.id) ?? 0)),
  );
  return definition.steps.map((step) => {
    const view = views.get(step.id) ?? viewOf(undefined);
    const symbol =
      view.status === 'running' ? (SPINNER[frame % SPINNER.length] ?? '') : SYMBOL[view.status];
    const paint = (text: string): string => {
      if (view.status === 'succeeded') return colors.green(text);
      if (view.status === 'failed' || view.status === 'blocked') return colors.red(text);
      return view.status === 'running' ? colors.cyan(text) : colors.dim(text);
    };
    const label = `${'  '.repeat(depths.get(step.id) ?? 0)}${step.id}`.padEnd(width);
    const duration =
      view.durationMs +
      (view.status === 'running' && view.startedAt !== undefined ? now - view.startedAt : 0);
    const parts = [
      view.agent === undefined
        ? (step.agent ?? 'auto')
        : `${view.agent}${view.model === undefined ? '' : ` · ${view.model}`}`,
      view.status === 'pending' ? '' : `${(duration / 1000).toFixed(1)}s`,
      view.tokens > 0 ? `${formatTokens(view.tokens)} tok` : '',
      view.costUsd > 0 ? `$${view.costUsd.toFixed(4)}` : '',
      view.iterations > 1 ? `×${view.iterations}` : '',
    ].filter((part) => part !== '');
    const note = view.note === undefined ? '' : `  ${colors.dim(view.note)}`;
    return `${paint(symbol)} ${label}  ${parts.join('  ')}${note}`;
  });
}

export function formatTokens(tokens: number): string {
  return tokens >= 10_000
    ? `${(tokens / 1000).toFixed(0)}k`
    : tokens >= 1_000
      ? `${(tokens / 1000).toFixed(1)}k`
      : String(tokens);
}

/** A run as `workflow status --json` and `workflow run --json` print it. */
export function runJson(
  run: RunRecord,
  steps: readonly StepRecord[],
  status: string,
): Record<string, unknown> {
  return {
    runId: run.id,
    name: run.name,
    file: run.file,
    status,
    spentUsd: run.spentUsd,
    error: run.error ?? null,
    inputs: run.inputs,
    createdAt: new Date(run.createdAt).toISOString(),
    updatedAt: new Date(run.updatedAt).toISOString(),
    steps: steps.map((step) => ({
      id: step.stepId,
      status: step.status,
      agent: step.agent ?? null,
      model: step.model ?? null,
      iterations: step.iterations,
      output: step.output ?? null,
      usage: step.usage,
      costUsd: step.costUsd,
      attempts: step.attempts,
      cached: step.cached,
      durationMs: step.durationMs,
      error: step.error ?? null,
      escalation: step.escalation ?? null,
    })),
  };
}
