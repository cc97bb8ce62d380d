/**
 * An event as the dashboard lists it: the stored record plus its agent and one line of text,
 * worked out once on the server so the page never has to know every payload's shape.
 */
import type { EventRecord } from '../store/index.js';
import type { EventRow } from './api-types.js';

/** Longest `text`: a row shows one line; the payload holds the rest. */
const MAX_TEXT = 500;

type Fields = Readonly<Record<string, unknown>>;

function field(payload: Fields, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberField(payload: Fields, key: string): number | undefined {
  const value = payload[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The agent an event is about: a run's or step's agent, a subagent, a delegation's type. */
export function agentOf(type: string, payload: Fields): string | null {
  if (type.startsWith('hook.')) return field(payload, 'agent_type') ?? null;
  return (
    field(payload, 'agent') ?? field(payload, 'agentType') ?? field(payload, 'subagentType') ?? null
  );
}

/** What a tool call was about: its command, file, pattern or URL. */
export function toolDetail(toolInput: unknown): string {
  if (toolInput === null || typeof toolInput !== 'object') return '';
  const input = toolInput as Fields;
  for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'description', 'query'])
    if (typeof input[key] === 'string') return input[key];
  return '';
}

function usd(value: number | undefined): string {
  return value === undefined ? '' : `$${value.toFixed(value >= 1 ? 2 : 4)}`;
}

function textOf(type: string, payload: Fields): string {
  switch (type) {
    case 'hook.UserPromptSubmit':
      return field(payload, 'prompt') ?? '';
    case 'hook.PreToolUse':
    case 'hook.PostToolUse':
    case 'hook.PostToolUseFailure': {
      const tool = field(payload, 'tool_name') ?? 'tool';
      const detail = toolDetail(payload['tool_input']);
      return detail === '' ? tool : `${tool}: ${detail}`;
    }
    case 'hook.Notification':
      return field(payload, 'message') ?? '';
    case 'hook.SubagentStart':
    case 'hook.SubagentStop':
      return field(payload, 'agent_type') ?? '';
    case 'hook.SessionStart':
    case 'hook.SessionEnd':
    case 'hook.PreCompact':
      return (
        field(payload, 'source') ?? field(payload, 'reason') ?? field(payload, 'trigger') ?? ''
      );
    case 'run.completed':
    case 'step.completed': {
      const tokens =
        (numberField(payload, 'inputTokens') ?? 0) + (numberField(payload, 'outputTokens') ?? 0);
      const step = field(payload, 'stepId');
      return [
        step === undefined ? undefined : `step ${step}`,
        field(payload, 'agent'),
        field(payload, 'model'),
        `${tokens} tokens`,
        usd(numberField(payload, 'costUsd')),
        payload['cached'] === true ? 'cached' : undefined,
      ]
        .filter((part) => part !== undefined && part !== '')
        .join(' · ');
    }
    case 'run.started':
      return [field(payload, 'agent'), field(payload, 'model')].filter(Boolean).join(' · ');
    case 'run.failed':
    case 'step.failed':
      return field(payload, 'error') ?? '';
    case 'workflow.started':
      return field(payload, 'name') ?? '';
    case 'workflow.completed':
      return [
        field(payload, 'name'),
        field(payload, 'status'),
        usd(numberField(payload, 'spentUsd')),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'tool.completed': {
      const duration = numberField(payload, 'durationMs');
      return `${field(payload, 'toolName') ?? 'tool'} ${duration === undefined ? '' : `${Math.round(duration)} ms`}${payload['failed'] === true ? ' failed' : ''}`;
    }
    case 'tool.denied':
      return field(payload, 'command') ?? '';
    case 'agent.delegated':
      return [field(payload, 'subagentType'), field(payload, 'description')]
        .filter(Boolean)
        .join(': ');
    case 'context.threshold': {
      const threshold = numberField(payload, 'threshold');
      return threshold === undefined ? '' : `context at ${Math.round(threshold * 100)}%`;
    }
    case 'mcp.called':
      return field(payload, 'tool') ?? '';
    default:
      return '';
  }
}

/** One line: no control characters (a prompt's newlines become spaces), at most MAX_TEXT. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

export function eventRow(record: EventRecord): EventRow {
  const payload: Fields =
    record.payload !== null && typeof record.payload === 'object' ? (record.payload as Fields) : {};
  return {
    id: record.id,
    ts: record.ts,
    type: record.type,
    source: record.source,
    session: record.session,
    run: record.run,
    agent: agentOf(record.type, payload),
    text: oneLine(textOf(record.type, payload)),
    payload: record.payload,
  };
}
