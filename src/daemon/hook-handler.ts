import { join } from 'node:path';
import { agentNameOfType } from '../plugin/plugin-agent-name.js';
import { PROJECT_DIR, findProjectRoot, stateDbPath } from '../config/index.js';
import {
  MemoryStore,
  PROJECT_MEMORY,
  captureLearnings,
  isMemoryName,
  rememberedCount,
} from '../memory/index.js';
import { eventRecord } from '../events/event-record.js';
import type { EventMap, EventRecordMeta } from '../events/index.js';
import { openStore } from '../store/index.js';
import type { NewEventRecord, Store } from '../store/index.js';
import { printable } from '../files/index.js';
import { ActiveAgents } from './active-agents.js';
import { ContextMeter, readContext } from './context-meter.js';
import type { HookEvent, HookInput } from './hook-events.js';
import type { Policy } from './policy.js';
import { deniedBy } from './policy.js';
import { trimmed, trimmedInput } from './recorded-value.js';
import {
  TranscriptReconciler,
  delegationKey,
  isDelegationTool,
  toolKey,
} from './transcript-reconciler.js';
import type { ReconcileStore } from './transcript-reconciler.js';

/** A tool call open longer than this is forgotten: its Post event is not coming. */
const STALE_TOOL_MS = 3_600_000;

export interface HookHandlerOptions {
  readonly hybridHome: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** The Bash policy PreToolUse applies, per project root (read from its config). */
  readonly policyFor?: (projectRoot: string) => Policy;
  /**
   * Reconcile a session from its transcript the first time an event of it comes (the daemon);
   * otherwise only at Stop, SubagentStop and SessionEnd (the one-event in-process fallback).
   */
  readonly reconcileNewSessions?: boolean;
}

/** The events Claude Code waits for at the end of a turn, a subagent or a session. */
const RECONCILING_EVENTS: readonly HookEvent[] = ['Stop', 'SubagentStop', 'SessionEnd'];

export interface HookOutcome {
  /** What the hook returns to Claude Code (the hook output JSON). */
  readonly output: Record<string, unknown>;
  readonly projectRoot: string;
}

/** A PreToolUse paired with its PostToolUse(Failure). */
export interface CompletedToolCall {
  readonly toolName: string;
  readonly toolUseId: string;
  readonly sessionId: string;
  readonly durationMs: number;
  readonly failed: boolean;
}

interface OpenTool {
  readonly name: string;
  readonly startedAt: number;
  readonly sessionId: string;
}

export interface OpenProject {
  readonly root: string;
  readonly store: Store;
  readonly memory: MemoryStore | undefined;
}

/**
 * What the daemon does with each hook event: records it (before answering, so an acknowledged
 * event survives a crash), pairs PreToolUse with PostToolUse(Failure) by tool_use_id into
 * `tool.completed` with the duration, records delegations (Agent tool calls, subagent starts and
 * stops), captures memory from subagent answers and user directives, and denies Bash commands
 * that match the project's policy. Projects are found from each event's `cwd`; an event outside
 * an initialised project goes to the user-level store.
 */
export class HookHandler {
  private readonly projects = new Map<string, OpenProject>();
  private readonly openTools = new Map<string, OpenTool>();
  private readonly subagents = new Map<string, number>();
  private readonly meter = new ContextMeter();
  private readonly transcripts: TranscriptReconciler;
  /** The subagents running now per session (the status line's active agent). */
  readonly activeAgents = new ActiveAgents();
  private readonly now: () => number;
  readonly counts = {
    received: 0,
    byProject: new Map<string, number>(),
    byEvent: new Map<string, number>(),
  };

  constructor(private readonly options: HookHandlerOptions) {
    this.now = options.now ?? Date.now;
    this.transcripts = new TranscriptReconciler(this.now);
  }

  /**
   * `receivedAt`: when the event happened, if it was spooled earlier (epoch ms). `key`: the
   * event's idempotency key (its spool file's name, or the id the relay sent): an event whose
   * key is recorded already is a replay, answered with no output and not recorded again.
   */
  handle(event: HookEvent, input: HookInput, receivedAt?: number, key?: string): HookOutcome {
    const now = receivedAt !== undefined && Number.isFinite(receivedAt) ? receivedAt : this.now();
    const project = this.project(input.cwd);
    const store = project.store.events;
    if (key !== undefined && store.hasKey(key)) return { output: {}, projectRoot: project.root };
    const session = input.session_id;
    // One meta for every record of this event: they share time, source and session.
    const meta: EventRecordMeta = { ts: now, source: 'daemon', session };
    const hook = eventRecord(`hook.${event}`, trimmedInput(input), meta);
    // The key goes on the first record: the store skips a batch whose first key it has.
    const records: NewEventRecord[] = [key === undefined ? hook : { ...hook, key }];
    let output: Record<string, unknown> = {};
    switch (event) {
      case 'PreToolUse': {
        this.forgetStaleTools(now);
        const delegated = delegationOf(input);
        const id = input.tool_use_id;
        if (delegated !== undefined)
          pushOnce(
            records,
            store,
            eventRecord('agent.delegated', delegated, meta),
            id,
            delegationKey,
          );
        const policy =
          input.tool_name === 'Bash' ? this.options.policyFor?.(project.root) : undefined;
        const denial = policy === undefined ? undefined : deniedBy(commandOf(input), policy);
        // A denied call never runs, so no Post event will come for it: only allowed calls wait.
        if (denial === undefined && input.tool_use_id !== undefined)
          this.openTools.set(input.tool_use_id, {
            name: input.tool_name ?? '',
            startedAt: now,
            sessionId: session,
          });
        if (denial !== undefined) {
          const reason =
            denial.pattern === undefined
              ? `claude-hybrid policy: ${denial.reason}`
              : // The pattern is config text Claude Code shows: no control characters.
                `claude-hybrid policy: ${denial.reason} (pattern ${printable(denial.pattern, 300)})`;
          const denied = eventRecord(
            'tool.denied',
            {
              toolUseId: id ?? null,
              // Cut like every recorded string: a command denied for its length can be megabytes.
              command: trimmed(commandOf(input)) as string,
              reason,
            },
            meta,
          );
          pushOnce(records, store, denied, id, toolKey);
          output = {
            hookSpecificOutput: {
              hookEventName: 'PreToolUse',
              permissionDecision: 'deny',
              permissionDecisionReason: reason,
            },
          };
        }
        break;
      }
      case 'PostToolUse':
      case 'PostToolUseFailure': {
        const open =
          input.tool_use_id === undefined ? undefined : this.openTools.get(input.tool_use_id);
        if (input.tool_use_id !== undefined) this.openTools.delete(input.tool_use_id);
        // Recorded already when the transcript reconciler got to it first.
        const recorded =
          input.tool_use_id !== undefined && store.hasKey(toolKey(input.tool_use_id));
        if (open !== undefined && input.tool_use_id !== undefined && !recorded) {
          this.onToolCompleted?.({
            toolName: open.name,
            toolUseId: input.tool_use_id,
            sessionId: session,
            durationMs: now - open.startedAt,
            failed: event === 'PostToolUseFailure',
          });
          const completed = eventRecord(
            'tool.completed',
            {
              toolUseId: input.tool_use_id,
              toolName: open.name,
              durationMs: now - open.startedAt,
              failed: event === 'PostToolUseFailure',
            },
            meta,
          );
          records.push({ ...completed, key: toolKey(input.tool_use_id) });
        }
        break;
      }
      case 'SubagentStart':
        if (input.agent_id !== undefined) this.subagents.set(input.agent_id, now);
        this.activeAgents.started(session, input.agent_id, input.agent_type);
        records.push(
          eventRecord(
            'agent.started',
            { agentId: input.agent_id ?? null, agentType: input.agent_type ?? null },
            meta,
          ),
        );
        break;
      case 'SubagentStop': {
        const started =
          input.agent_id === undefined ? undefined : this.subagents.get(input.agent_id);
        if (input.agent_id !== undefined) this.subagents.delete(input.agent_id);
        this.activeAgents.stopped(session, input.agent_id);
        const answer = input.last_assistant_message ?? '';
        const agent = agentNameOfType(input.agent_type ?? '');
        let captured: ReturnType<typeof captureLearnings> = [];
        if (project.memory !== undefined && isMemoryName(agent) && answer !== '')
          try {
            captured = captureLearnings(project.memory, agent, answer, { directives: false });
          } catch {
            // Memory is best effort: the event is recorded regardless.
          }
        records.push(
          eventRecord(
            'agent.completed',
            {
              agentId: input.agent_id ?? null,
              agentType: agent || null,
              durationMs: started === undefined ? null : now - started,
              remembered: rememberedCount(captured),
            },
            meta,
          ),
        );
        break;
      }
      case 'UserPromptSubmit':
        if (project.memory !== undefined && input.prompt !== undefined)
          try {
            captureLearnings(project.memory, PROJECT_MEMORY, input.prompt);
          } catch {
            // Memory is best effort: the event is recorded regardless.
          }
        break;
      case 'Stop': // the main agent's turn is over: so is every subagent it waited for
        this.activeAgents.ended(session);
        break;
      case 'SessionEnd':
        this.meter.end(session);
        this.activeAgents.ended(session);
        break;
      default:
        break;
    }
    // Context metering: on the events whose answer Claude Code reads, warn once per threshold.
    if (
      (event === 'UserPromptSubmit' || event === 'PostToolUse') &&
      input.transcript_path !== undefined
    ) {
      const reading = readContext(input.transcript_path);
      const crossed = reading === undefined ? [] : this.meter.observe(session, reading);
      const highest = crossed.at(-1);
      if (reading !== undefined && highest !== undefined) {
        const percent = Math.round((reading.tokens / reading.window) * 100);
        records.push(
          eventRecord(
            'context.threshold',
            {
              model: reading.model,
              tokens: reading.tokens,
              window: reading.window,
              threshold: highest,
            },
            meta,
          ),
        );
        output = {
          ...output,
          hookSpecificOutput: {
            hookEventName: event,
            additionalContext: `Context is at ${percent}% of ${reading.model || 'the model'}'s ${reading.window}-token window (${reading.tokens} tokens). Delegate remaining work to subagents, or compact soon.`,
          },
        };
      }
    }
    project.store.events.appendBatch(records);
    this.reconcile(event, input, store);
    this.onRecorded?.(project.root);
    this.counts.received += 1;
    this.counts.byProject.set(project.root, (this.counts.byProject.get(project.root) ?? 0) + 1);
    this.counts.byEvent.set(event, (this.counts.byEvent.get(event) ?? 0) + 1);
    return { output, projectRoot: project.root };
  }

  /**
   * Records from the session transcript what hooks did not deliver: at the events Claude Code
   * waits for at the end of a turn, a subagent or the session, and the first time this handler
   * sees a session (one that ended while no daemon ran, or whose end was lost).
   */
  private reconcile(event: HookEvent, input: HookInput, store: ReconcileStore): void {
    const session = input.session_id;
    const due =
      RECONCILING_EVENTS.includes(event) ||
      (this.options.reconcileNewSessions === true && !this.transcripts.knows(session));
    if (!due || input.transcript_path === undefined) return;
    try {
      this.transcripts.reconcile(store, session, input.transcript_path);
    } catch {
      // Best effort: the event itself is recorded; the next reconciliation picks up from here.
    }
  }

  /**
   * Drops tool calls still open after an hour: their Post event is not coming (an interrupted
   * session), and the map must not grow for the daemon's lifetime.
   */
  private forgetStaleTools(now: number): void {
    if (this.openTools.size >= 1_000)
      for (const [id, open] of this.openTools)
        if (now - open.startedAt > STALE_TOOL_MS) this.openTools.delete(id);
    if (this.subagents.size >= 1_000)
      for (const [id, startedAt] of this.subagents)
        if (now - startedAt > STALE_TOOL_MS) this.subagents.delete(id);
  }

  /**
   * The store of the initialised project holding `cwd` (opened and kept if need be), or undefined
   * when `cwd` is in none: the CLI reads a project's events through it while the daemon runs.
   */
  projectStore(cwd: string): Readonly<OpenProject> | undefined {
    if (!findProjectRoot(cwd, this.options.hybridHome).initialized) return undefined;
    return this.project(cwd);
  }

  /** Called with the project root each time events are recorded there (live event streams). */
  onRecorded: ((root: string) => void) | undefined;

  /** Called for each tool call paired with its Post event (the daemon's metrics and traces). */
  onToolCompleted: ((call: CompletedToolCall) => void) | undefined;

  /** Closes every store. */
  close(): void {
    for (const project of this.projects.values()) project.store.close();
    this.projects.clear();
  }

  private project(cwd: string): OpenProject {
    const found = findProjectRoot(cwd, this.options.hybridHome);
    const root = found.initialized ? found.root : this.options.hybridHome;
    let project = this.projects.get(root);
    if (project === undefined) {
      const path = found.initialized
        ? stateDbPath(root)
        : join(this.options.hybridHome, 'daemon.db');
      const store = openStore({ path });
      project = {
        root,
        store,
        memory: found.initialized
          ? new MemoryStore({ db: store.db, dir: join(root, PROJECT_DIR, 'memories') })
          : undefined,
      };
      this.projects.set(root, project);
    }
    return project;
  }
}

/** An `Agent` (or older `Task`) tool call is a delegation to a subagent. */
function delegationOf(input: HookInput): EventMap['agent.delegated'] | undefined {
  if (!isDelegationTool(input.tool_name)) return undefined;
  const tool = (input.tool_input ?? {}) as { subagent_type?: unknown; description?: unknown };
  return {
    toolUseId: input.tool_use_id ?? null,
    subagentType: typeof tool.subagent_type === 'string' ? tool.subagent_type : null,
    description: typeof tool.description === 'string' ? tool.description : null,
  };
}

function commandOf(input: HookInput): string {
  const command = (input.tool_input as { command?: unknown } | undefined)?.command;
  return typeof command === 'string' ? command : '';
}

/**
 * Adds `record` keyed on the tool call (`keyOf(id)`) unless a record with that key is stored
 * already (the transcript reconciler got there first); unkeyed when the call has no id.
 */
function pushOnce(
  records: NewEventRecord[],
  store: ReconcileStore,
  record: NewEventRecord,
  id: string | undefined,
  keyOf: (id: string) => string,
): void {
  if (id === undefined) records.push(record);
  else if (!store.hasKey(keyOf(id))) records.push({ ...record, key: keyOf(id) });
}
