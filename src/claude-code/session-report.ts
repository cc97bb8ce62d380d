// One pass over the entries (buildReport) and one over what it collected (assemble). The types are
// in session-report-types.ts, the prices in session-cost.ts.
import { addUsage, emptyTotals, messageCost, modelInfoFor } from './session-cost.js';
import { roundUsd } from '../models/index.js';
import type {
  AssistantEvent,
  Delegation,
  ModelUsage,
  SessionReport,
  TimelineEvent,
  ToolCount,
  ToolEvent,
} from './session-report-types.js';
import type { TranscriptEntry, TranscriptUsage } from './transcript.js';
import type { ModelTable } from '../models/index.js';

export type * from './session-report-types.js';
export { messageCost, modelInfoFor } from './session-cost.js';

/** Claude Code's tools that delegate to a subagent: `Agent` now, `Task` in older releases. */
const DELEGATION_TOOLS: ReadonlySet<string> = new Set(['Agent', 'Task']);
/** The model Claude Code writes on messages it made up itself (e.g. API errors); never billed. */
const SYNTHETIC_MODEL = '<synthetic>';
/** Longest one-line summary of a tool input or result kept in the report. */
const SUMMARY_CHARS = 160;

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_CHARS ? `${line.slice(0, SUMMARY_CHARS - 1)}…` : line;
}

const INPUT_KEYS = ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description'];

/** The input a person recognises a call by: the command, the path, the pattern, … */
function inputSummary(name: string, input: Readonly<Record<string, unknown>>): string {
  if (DELEGATION_TOOLS.has(name)) {
    const type = typeof input.subagent_type === 'string' ? input.subagent_type : '';
    const description = typeof input.description === 'string' ? input.description : '';
    return oneLine(`${type}: ${description}`);
  }
  for (const key of INPUT_KEYS) {
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    if (typeof value === 'string') return oneLine(value);
  }
  return oneLine(JSON.stringify(input));
}

function millisBetween(start: string | undefined, end: string | undefined): number | undefined {
  if (start === undefined || end === undefined) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Claude Code's structured Agent result: `{ status, agentId, totalDurationMs, usage, … }`. */
function agentResult(value: unknown): { agentId?: string; totalDurationMs?: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const record = value as Record<string, unknown>; // an object; each field is checked below
  return {
    ...(typeof record.agentId === 'string' ? { agentId: record.agentId } : {}),
    ...(typeof record.totalDurationMs === 'number'
      ? { totalDurationMs: record.totalDurationMs }
      : {}),
  };
}

interface PendingDelegation {
  readonly call: ToolEvent;
  readonly subagentType: string;
  readonly description: string;
  readonly prompt: string;
  agentId: string | undefined;
  reportedMs: number | undefined;
}

interface BilledMessage {
  readonly model: string;
  readonly agentId: string | undefined;
  usage: TranscriptUsage;
}

/**
 * Builds a session's report from its transcript entries: the main file's followed by its
 * subagents' sidechain files' (any order; the timeline is sorted by time). Tool results are
 * paired with their calls by tool_use_id. Claude Code writes one streamed API message as one line
 * per content block, each repeating the message's id and usage, so usage is keyed by message id
 * (else request id, else line) and the last line written for a message wins.
 */
export function buildReport(
  entries: readonly TranscriptEntry[],
  modelTable: ModelTable,
): SessionReport {
  const timeline: TimelineEvent[] = [];
  const calls = new Map<string, ToolEvent>();
  const turns = new Map<string, { event: AssistantEvent; texts: string[] }>();
  const billed = new Map<string, BilledMessage>();
  const pending = new Map<string, PendingDelegation>(); // by tool_use_id
  const sidechainPrompts = new Map<string, string>();
  let sessionId: string | undefined;
  let version: string | undefined;
  let startedAt: string | undefined;
  let endedAt: string | undefined;
  let prompts = 0;
  let orphanResults = 0;

  for (const entry of entries) {
    sessionId ??= entry.sessionId;
    version ??= entry.version;
    const at = entry.timestamp;
    if (at !== undefined && Number.isFinite(Date.parse(at))) {
      if (startedAt === undefined || Date.parse(at) < Date.parse(startedAt)) startedAt = at;
      if (endedAt === undefined || Date.parse(at) > Date.parse(endedAt)) endedAt = at;
    }
    const message = entry.message;
    if (message === undefined) continue;
    const agentId = entry.isSidechain ? (entry.agentId ?? 'sidechain') : undefined;

    if (entry.type === 'assistant') {
      const key = message.id ?? entry.requestId ?? `${agentId ?? ''}:${entry.line}`;
      if (message.usage !== undefined && message.model !== undefined)
        if (message.model !== SYNTHETIC_MODEL)
          billed.set(key, { model: message.model, agentId, usage: message.usage });
      let turn = turns.get(key);
      if (turn === undefined) {
        const event: AssistantEvent = {
          kind: 'assistant',
          at,
          agentId,
          messageId: message.id,
          model: message.model,
          text: '',
          toolCalls: 0,
        };
        turn = { event, texts: [] };
        turns.set(key, turn);
        timeline.push(event);
      }
      for (const block of message.content) {
        if (block.type === 'text' && block.text.trim() !== '') turn.texts.push(block.text);
        if (block.type !== 'tool_use') continue;
        const call: ToolEvent = {
          kind: 'tool',
          at,
          agentId,
          toolUseId: block.id,
          name: block.name,
          input: inputSummary(block.name, block.input),
          status: 'pending',
          durationMs: undefined,
          result: '',
        };
        calls.set(block.id, call);
        timeline.push(call);
        turn.event.toolCalls += 1;
        if (DELEGATION_TOOLS.has(block.name)) {
          const text = (key: string): string =>
            typeof block.input[key] === 'string' ? block.input[key] : '';
          pending.set(block.id, {
            call,
            subagentType: text('subagent_type') || 'general-purpose',
            description: text('description'),
            prompt: text('prompt'),
            agentId: undefined,
            reportedMs: undefined,
          });
        }
      }
      continue;
    }

    if (entry.type !== 'user') continue;
    let sawResult = false;
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      sawResult = true;
      const call = calls.get(block.toolUseId);
      if (call === undefined) {
        orphanResults += 1;
        continue;
      }
      call.status = block.isError ? 'error' : 'ok';
      call.durationMs = millisBetween(call.at, at);
      call.result = oneLine(block.text.split('\n', 1)[0] ?? '');
      const delegation = pending.get(block.toolUseId);
      if (delegation !== undefined) {
        const structured = agentResult(entry.toolUseResult);
        delegation.agentId = structured.agentId;
        delegation.reportedMs = structured.totalDurationMs;
        // Claude Code appends a text block of its own: `agentId: … <usage>…</usage>`.
        call.result = oneLine(block.text.replace(/\n?agentId: [\s\S]*$/, ''));
      }
    }
    if (sawResult || entry.isMeta) continue;
    const text = message.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('\n')
      .trim();
    if (text === '') continue;
    if (agentId !== undefined && !sidechainPrompts.has(agentId))
      sidechainPrompts.set(agentId, text);
    if (agentId === undefined) prompts += 1;
    timeline.push({ kind: 'prompt', at, agentId, text: oneLine(text) });
  }

  return assemble({
    sessionId,
    version,
    startedAt,
    endedAt,
    prompts,
    orphanResults,
    timeline: finishTurns(timeline, turns.values()),
    calls: [...calls.values()],
    pending: [...pending.values()],
    sidechainPrompts,
    billed: [...billed.values()],
    modelTable,
  });
}

/** Sets each turn's text, then sorts by time; an event without a time keeps its neighbour's. */
function finishTurns(
  timeline: TimelineEvent[],
  turns: Iterable<{ event: AssistantEvent; texts: string[] }>,
): TimelineEvent[] {
  for (const turn of turns) turn.event.text = oneLine(turn.texts.join(' '));
  let previous = Number.NEGATIVE_INFINITY;
  const keyed = timeline.map((event, index) => {
    const time = event.at === undefined ? Number.NaN : Date.parse(event.at);
    if (Number.isFinite(time)) previous = time;
    return { event, index, time: previous };
  });
  keyed.sort((left, right) => left.time - right.time || left.index - right.index);
  return keyed.map((item) => item.event);
}

interface Collected {
  readonly sessionId: string | undefined;
  readonly version: string | undefined;
  readonly startedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly prompts: number;
  readonly orphanResults: number;
  readonly timeline: readonly TimelineEvent[];
  readonly calls: readonly ToolEvent[];
  readonly pending: readonly PendingDelegation[];
  readonly sidechainPrompts: ReadonlyMap<string, string>;
  readonly billed: readonly BilledMessage[];
  readonly modelTable: ModelTable;
}

function toolCounts(calls: readonly ToolEvent[]): ToolCount[] {
  const byName = new Map<string, ToolCount>();
  for (const call of calls) {
    let count = byName.get(call.name);
    if (count === undefined) {
      count = { name: call.name, calls: 0, failures: 0, pending: 0, totalDurationMs: 0 };
      byName.set(call.name, count);
    }
    count.calls += 1;
    if (call.status === 'error') count.failures += 1;
    if (call.status === 'pending') count.pending += 1;
    count.totalDurationMs += call.durationMs ?? 0;
  }
  return [...byName.values()].sort(
    (left, right) => right.calls - left.calls || (left.name < right.name ? -1 : 1),
  );
}

function assemble(collected: Collected): SessionReport {
  const { calls, modelTable } = collected;
  const byModel = new Map<string, ModelUsage>();
  const costByAgent = new Map<string | undefined, number>();
  const totals = emptyTotals();
  for (const message of collected.billed) {
    const info = modelInfoFor(message.model, modelTable);
    const cost = info === undefined ? 0 : messageCost(message.usage, info);
    let usage = byModel.get(message.model);
    if (usage === undefined) {
      usage = { model: message.model, priced: info !== undefined, ...emptyTotals() };
      byModel.set(message.model, usage);
    }
    addUsage(usage, message.usage, cost);
    addUsage(totals, message.usage, cost);
    costByAgent.set(message.agentId, roundUsd((costByAgent.get(message.agentId) ?? 0) + cost));
  }
  const models = [...byModel.values()].sort(
    (left, right) => right.costUsd - left.costUsd || (left.model < right.model ? -1 : 1),
  );

  // A delegation names its subagent in the Agent tool's structured result; one that never got a
  // result (interrupted) is matched to an unclaimed sidechain by the prompt it was given.
  const claimed = new Set(collected.pending.map((delegation) => delegation.agentId));
  const delegations = collected.pending.map((delegation): Delegation => {
    let agentId = delegation.agentId;
    if (agentId === undefined)
      for (const [candidate, prompt] of collected.sidechainPrompts)
        if (!claimed.has(candidate) && prompt === delegation.prompt.trim()) {
          agentId = candidate;
          claimed.add(candidate);
          break;
        }
    const own = agentId === undefined ? [] : calls.filter((call) => call.agentId === agentId);
    const { call } = delegation;
    return {
      toolUseId: call.toolUseId,
      subagentType: delegation.subagentType,
      description: delegation.description,
      at: call.at,
      parentAgentId: call.agentId,
      agentId,
      status:
        call.status === 'pending' ? 'pending' : call.status === 'error' ? 'failed' : 'completed',
      durationMs: delegation.reportedMs ?? call.durationMs,
      toolCalls: own.length,
      failures: own.filter((candidate) => candidate.status === 'error').length,
      costUsd: agentId === undefined ? 0 : (costByAgent.get(agentId) ?? 0),
      result: call.result,
    };
  });

  return {
    sessionId: collected.sessionId,
    claudeCodeVersion: collected.version,
    startedAt: collected.startedAt,
    endedAt: collected.endedAt,
    durationMs: millisBetween(collected.startedAt, collected.endedAt),
    prompts: collected.prompts,
    timeline: collected.timeline,
    delegations,
    tools: toolCounts(calls),
    failures: calls.filter((call) => call.status === 'error'),
    models,
    totals,
    unpricedModels: models.filter((usage) => !usage.priced).map((usage) => usage.model),
    orphanResults: collected.orphanResults,
  };
}
