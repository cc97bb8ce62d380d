/**
 * The Claude Code status line (`statusLine` setting): what it shows and how it is drawn. Pure:
 * the daemon's `POST /statusline` (status-line-route.ts) and the local fallback
 * (status-line-local.ts) both compute the line here, from Claude Code's stdin JSON, the
 * transcript's totals and, in the daemon, the subagent running now.
 *
 * The input is Claude Code's (verified against 2.1.197): `session_id`, `transcript_path`, `cwd`,
 * `model.{id,display_name}`, `agent.name` (only with `claude --agent`), `cost.total_cost_usd`,
 * `context_window.{used_percentage,context_window_size}`, and more we do not use. Every field is
 * optional here: a status line must print one line whatever it is given.
 */
import { printable } from '../files/printable-text.js';
import type { TranscriptTotals } from '../claude-code/transcript-totals.js';

/**
 * Names the main agent of the sessions a process starts: `claude-hybrid code` sets it to `pm`
 * for the Claude Code it runs, whose status line inherits it. Letters, digits, `.`, `_` and `-`.
 */
export const MAIN_AGENT_ENV = 'CLAUDE_HYBRID_AGENT';

/** `value` when it is a valid agent name (see MAIN_AGENT_ENV), else undefined. */
export function mainAgentName(value: string | null | undefined): string | undefined {
  return value !== null && value !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(value)
    ? value
    : undefined;
}

/** The fields of Claude Code's status-line input that the line uses. */
export interface StatusLineInput {
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
  readonly cwd: string | undefined;
  readonly modelId: string | undefined;
  readonly modelName: string | undefined;
  /** `agent.name`: Claude Code was started with `--agent`. */
  readonly agentName: string | undefined;
  /** Claude Code's own running total (`cost.total_cost_usd`). */
  readonly costUsd: number | undefined;
  /** Claude Code's own `context_window.used_percentage`. */
  readonly contextPercent: number | undefined;
}

/** What the line says, as `claude-hybrid statusline --json` prints it. */
export interface StatusLineFields {
  /**
   * The subagent running now, else the main agent (`claude --agent`, else MAIN_AGENT_ENV), else
   * the model's name.
   */
  readonly agent: string;
  /** True when `agent` is a subagent running now. */
  readonly subagent: boolean;
  readonly model: string | undefined;
  /** Percent of the context window in use (0–100+), or undefined before the first answer. */
  readonly contextPercent: number | undefined;
  readonly contextTokens: number | undefined;
  readonly contextWindow: number | undefined;
  /** The session's cost in USD: the transcript's, else Claude Code's own. */
  readonly costUsd: number | undefined;
  readonly costSource: 'transcript' | 'claude-code' | undefined;
  /** The dashboard's address, when the daemon runs. */
  readonly dashboard: string | undefined;
  readonly daemon: 'running' | 'stopped';
}

export interface StatusLineFacts {
  readonly input: StatusLineInput;
  readonly totals: TranscriptTotals | undefined;
  /** The subagent the daemon saw start and not stop in this session. */
  readonly runningSubagent: string | undefined;
  /** The daemon's port, or undefined when it is not running. */
  readonly daemonPort: number | undefined;
  /** The main agent named by MAIN_AGENT_ENV (`pm` under `claude-hybrid code`). */
  readonly mainAgent?: string | undefined;
}

/** No input at all: what a line is computed from when stdin was empty or not JSON. */
export const EMPTY_INPUT: StatusLineInput = {
  sessionId: undefined,
  transcriptPath: undefined,
  cwd: undefined,
  modelId: undefined,
  modelName: undefined,
  agentName: undefined,
  costUsd: undefined,
  contextPercent: undefined,
};

type JsonObject = Readonly<Record<string, unknown>>;

function objectOr(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject) // a plain JSON object: each field is checked where it is read
    : undefined;
}

function text(object: JsonObject | undefined, key: string): string | undefined {
  const value = object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function number(object: JsonObject | undefined, key: string): number | undefined {
  const value = object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The fields the line uses, from Claude Code's parsed stdin; anything else is ignored. */
export function readStatusLineInput(value: unknown): StatusLineInput {
  const root = objectOr(value);
  if (root === undefined) return EMPTY_INPUT;
  const model = objectOr(root.model);
  const workspace = objectOr(root.workspace);
  return {
    sessionId: text(root, 'session_id'),
    transcriptPath: text(root, 'transcript_path'),
    cwd: text(root, 'cwd') ?? text(workspace, 'current_dir'),
    modelId: text(model, 'id'),
    modelName: text(model, 'display_name'),
    agentName: text(objectOr(root.agent), 'name'),
    costUsd: number(objectOr(root.cost), 'total_cost_usd'),
    contextPercent: number(objectOr(root.context_window), 'used_percentage'),
  };
}

/** Claude Code's stdin text → its fields; undefined when it is not a JSON object. */
export function parseStatusLineInput(text: string): StatusLineInput | undefined {
  if (text.trim() === '') return EMPTY_INPUT;
  try {
    const value: unknown = JSON.parse(text);
    return objectOr(value) === undefined ? undefined : readStatusLineInput(value);
  } catch {
    return undefined;
  }
}

export function statusLineFields(facts: StatusLineFacts): StatusLineFields {
  const { input, totals } = facts;
  const subagent = facts.runningSubagent ?? totals?.activeSubagent;
  const model = input.modelName ?? input.modelId ?? (totals?.model || undefined);
  const measured = totals !== undefined && totals.contextTokens > 0;
  const contextPercent = measured
    ? (totals.contextTokens / totals.contextWindow) * 100
    : input.contextPercent;
  const fromTranscript = totals !== undefined && totals.messages > 0;
  const costUsd = fromTranscript ? totals.costUsd : input.costUsd;
  return {
    agent: subagent ?? input.agentName ?? facts.mainAgent ?? model ?? 'claude-hybrid',
    subagent: subagent !== undefined,
    model,
    contextPercent,
    contextTokens: measured ? totals.contextTokens : undefined,
    contextWindow: measured ? totals.contextWindow : undefined,
    costUsd,
    costSource: fromTranscript ? 'transcript' : costUsd === undefined ? undefined : 'claude-code',
    dashboard: facts.daemonPort === undefined ? undefined : `http://127.0.0.1:${facts.daemonPort}/`,
    daemon: facts.daemonPort === undefined ? 'stopped' : 'running',
  };
}

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const BOLD_CYAN = '\u001b[1;36m';
const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
const BOLD_RED = '\u001b[1;31m';

/** The context thresholds the line changes colour at (as the context meter warns at them). */
function contextColour(percent: number): string {
  if (percent >= 95) return BOLD_RED;
  if (percent >= 85) return RED;
  if (percent >= 70) return YELLOW;
  return GREEN;
}

function usd(value: number): string {
  if (value === 0) return '$0.00';
  if (value < 0.01) return '<$0.01';
  return `$${value.toFixed(2)}`;
}

/**
 * The line: `▸ research · ctx 42% · $1.23 · http://127.0.0.1:7777/`. Colour (ANSI, which Claude
 * Code renders) marks the running subagent and the context level; the rest stays plain.
 */
export function renderStatusLine(fields: StatusLineFields, colour: boolean): string {
  const paint = (code: string, value: string): string =>
    colour ? `${code}${value}${RESET}` : value;
  // Names come from files and stdin: no control characters reach the terminal.
  const agent = printable(fields.agent, 40);
  const parts = [fields.subagent ? paint(BOLD_CYAN, `▸ ${agent}`) : agent];
  if (fields.contextPercent !== undefined) {
    const percent = Math.round(fields.contextPercent);
    parts.push(paint(contextColour(fields.contextPercent), `ctx ${percent}%`));
  }
  if (fields.costUsd !== undefined) parts.push(usd(fields.costUsd));
  parts.push(
    fields.dashboard === undefined ? paint(DIM, 'daemon stopped') : paint(DIM, fields.dashboard),
  );
  const separator = colour ? `${DIM} · ${RESET}` : ' · ';
  return parts.join(separator);
}

/** The fields as one JSON document (and a newline); a field not known is null. */
export function statusLineJson(fields: StatusLineFields | undefined): string {
  if (fields === undefined)
    return `${JSON.stringify({ error: 'the input is not a JSON object' })}\n`;
  return `${JSON.stringify(fields, (_key, value: unknown) => (value === undefined ? null : value))}\n`;
}

/** The line when the input could not be used at all. */
export function fallbackStatusLine(daemonPort: number | undefined, colour: boolean): string {
  return renderStatusLine(
    statusLineFields({
      input: EMPTY_INPUT,
      totals: undefined,
      runningSubagent: undefined,
      daemonPort,
    }),
    colour,
  );
}
