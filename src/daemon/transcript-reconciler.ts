/**
 * Recovers from a Claude Code session's transcript what its hooks did not deliver. In the
 * `needed` hook layout most hooks run in the background, and `claude -p` exits without waiting
 * for them, so some never reach the daemon. The transcript (JSONL, `transcript_path` in every
 * hook input) holds every tool call (an assistant `tool_use` block) and its result (a user
 * `tool_result` block with the same id), the main session's in its own file and each subagent's
 * in `<session>/subagents/agent-<id>.jsonl` beside it. Each pair not recorded yet is recorded as
 * `tool.completed`, each Agent/Task call as `agent.delegated`, both with `reconciled: true`.
 *
 * Idempotent: each record carries a key on its tool_use id (`tool:<id>`, `delegated:<id>`),
 * which the hook handler puts on the records it makes from hooks too, so whichever comes first,
 * the call is recorded once. Bounded: each file is read from where the last pass stopped, at
 * most TAIL_LIMITS.maxReadBytes a pass, lines over maxLineBytes and malformed lines are skipped,
 * and at most MAX_SESSIONS sessions and MAX_PENDING open calls per file are remembered.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { readTranscript } from '../claude-code/transcript.js';
import type { TranscriptEntry } from '../claude-code/transcript.js';
import { eventRecord } from '../events/event-record.js';
import type { NewEventRecord } from '../store/index.js';
import { trimmed } from './recorded-value.js';
import type { TailLimits, TailState } from './transcript-tail.js';
import { newTailState, readNewLines } from './transcript-tail.js';

export const TAIL_LIMITS: TailLimits = { maxLineBytes: 8 << 20, maxReadBytes: 32 << 20 };
const MAX_SESSIONS = 256;
const MAX_PENDING = 10_000;

/** The store as the reconciler uses it. */
export interface ReconcileStore {
  hasKey(key: string): boolean;
  appendBatch(records: readonly NewEventRecord[]): number[];
}

/** The key of a tool call's completion (tool.completed or tool.denied), from hooks or not. */
export function toolKey(toolUseId: string): string {
  return `tool:${toolUseId}`;
}

/** The key of a delegation (agent.delegated), from hooks or not. */
export function delegationKey(toolUseId: string): string {
  return `delegated:${toolUseId}`;
}

export function isDelegationTool(name: string | undefined): boolean {
  return name === 'Agent' || name === 'Task';
}

interface PendingUse {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly at: number | undefined;
}

interface FileState {
  readonly tail: TailState;
  /** tool_use blocks whose tool_result has not been read yet. */
  readonly pending: Map<string, PendingUse>;
}

export interface ReconcileResult {
  /** Tool calls (pairs) recorded now. */
  readonly tools: number;
  /** Delegations recorded now. */
  readonly delegations: number;
  /** Lines skipped: malformed, or too long. */
  readonly skippedLines: number;
}

/** A transcript path a hook input may name: absolute, a `.jsonl` file. */
export function isTranscriptPath(path: string | undefined): path is string {
  return path !== undefined && isAbsolute(path) && path.endsWith('.jsonl') && !path.includes('\0');
}

/** The session's transcript and its subagents' ones, main first. */
function transcriptFiles(path: string): string[] {
  const subagents = join(dirname(path), basename(path, '.jsonl'), 'subagents');
  let names: string[] = [];
  try {
    names = readdirSync(subagents)
      .filter((name) => name.endsWith('.jsonl'))
      .sort();
  } catch {
    // no subagent transcripts
  }
  return [path, ...names.map((name) => join(subagents, name))];
}

export class TranscriptReconciler {
  /** Per session id, per transcript file: where reading stands. Oldest session first. */
  private readonly sessions = new Map<string, Map<string, FileState>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: TailLimits = TAIL_LIMITS,
  ) {}

  /** True once the session has been reconciled by this reconciler (since it was created). */
  knows(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /**
   * Records what the session's transcripts hold that `store` does not. Never throws for a
   * transcript's content: a missing file or a bad line is skipped.
   */
  reconcile(store: ReconcileStore, sessionId: string, transcriptPath: string): ReconcileResult {
    let files = this.sessions.get(sessionId);
    if (files === undefined) {
      files = new Map();
      if (this.sessions.size >= MAX_SESSIONS) {
        const oldest = this.sessions.keys().next().value;
        if (oldest !== undefined) this.sessions.delete(oldest);
      }
    } else this.sessions.delete(sessionId); // re-inserted last: the most recently seen
    this.sessions.set(sessionId, files);
    const total = { tools: 0, delegations: 0, skippedLines: 0 };
    if (!isTranscriptPath(transcriptPath)) return total;
    for (const file of transcriptFiles(transcriptPath)) {
      let state = files.get(file);
      if (state === undefined) {
        state = { tail: newTailState(), pending: new Map() };
        files.set(file, state);
      }
      for (;;) {
        const read = readNewLines(file, state.tail, this.limits);
        total.skippedLines += read.skipped;
        if (read.lines.length > 0) {
          const transcript = readTranscript(read.lines.join('\n'));
          total.skippedLines += transcript.problems.length;
          for (const entry of transcript.entries) this.take(store, sessionId, state, entry, total);
        }
        if (!read.more) break;
      }
    }
    return total;
  }

  private take(
    store: ReconcileStore,
    sessionId: string,
    state: FileState,
    entry: TranscriptEntry,
    total: { tools: number; delegations: number },
  ): void {
    const at = timeOf(entry.timestamp);
    const meta = { ts: at ?? this.now(), source: 'daemon', session: entry.sessionId ?? sessionId };
    for (const block of entry.message?.content ?? []) {
      if (block.type === 'tool_use' && block.id !== '') {
        if (state.pending.size >= MAX_PENDING) {
          const oldest = state.pending.keys().next().value;
          if (oldest !== undefined) state.pending.delete(oldest);
        }
        state.pending.set(block.id, { name: block.name, input: block.input, at });
        if (isDelegationTool(block.name) && !store.hasKey(delegationKey(block.id))) {
          const input = block.input as { subagent_type?: unknown; description?: unknown };
          const record = eventRecord(
            'agent.delegated',
            {
              toolUseId: block.id,
              subagentType: typeof input.subagent_type === 'string' ? input.subagent_type : null,
              description: typeof input.description === 'string' ? input.description : null,
              reconciled: true,
            },
            meta,
          );
          if (store.appendBatch([{ ...record, key: delegationKey(block.id) }]).length > 0)
            total.delegations += 1;
        }
      } else if (block.type === 'tool_result' && block.toolUseId !== '') {
        const use = state.pending.get(block.toolUseId);
        state.pending.delete(block.toolUseId);
        if (store.hasKey(toolKey(block.toolUseId))) continue;
        const started = use?.at;
        const record = eventRecord(
          'tool.completed',
          {
            toolUseId: block.toolUseId,
            toolName: use?.name ?? '?',
            durationMs: started === undefined || at === undefined ? 0 : Math.max(0, at - started),
            failed: block.isError,
            reconciled: true,
            toolInput: trimmed(use?.input ?? {}, 1),
            agentId: entry.agentId ?? null,
          },
          meta,
        );
        if (store.appendBatch([{ ...record, key: toolKey(block.toolUseId) }]).length > 0)
          total.tools += 1;
      }
    }
  }
}

function timeOf(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) ? ms : undefined;
}
