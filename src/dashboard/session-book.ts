/**
 * Claude Code sessions as their hook events describe them: activity counts, the transcript path
 * (for tokens, cost and the context meter, read on request), and the delegation tree: each
 * Agent tool call (`agent.delegated`), matched to the subagent that ran it (`agent.started` /
 * `agent.completed`, by agent type in order), with the tool calls that subagent made.
 *
 * A tool call belongs to a subagent when its PreToolUse names the subagent (`agent_id`, which
 * Claude Code sends for calls made inside one), or, when it does not, when exactly one subagent
 * of the session is running.
 */
import type { Delegation, DelegationTree } from './api-types.js';

/** Sessions kept; the least recently active are dropped first. */
const MAX_SESSIONS = 5_000;
/** Delegations kept per session. */
const MAX_DELEGATIONS = 500;

interface MutableDelegation {
  toolUseId: string | null;
  agent: string;
  description: string | null;
  ts: number;
  agentId: string | null;
  durationMs: number | null;
  outcome: Delegation['outcome'];
  readonly tools: Map<string, { calls: number; failures: number }>;
  remembered: number;
}

export interface SessionActivity {
  readonly session: string;
  firstTs: number;
  lastTs: number;
  events: number;
  prompts: number;
  toolCalls: number;
  ended: boolean;
  transcriptPath: string | null;
  readonly delegations: MutableDelegation[];
  /** toolUseId -> the delegation whose subagent made the call. */
  readonly toolOwners: Map<string, MutableDelegation>;
}

export class SessionBook {
  private readonly sessions = new Map<string, SessionActivity>();

  /** Every event of a session passes here first; returns its activity record. */
  seen(session: string, ts: number): SessionActivity {
    let activity = this.sessions.get(session);
    if (activity === undefined) {
      activity = {
        session,
        firstTs: ts,
        lastTs: ts,
        events: 0,
        prompts: 0,
        toolCalls: 0,
        ended: false,
        transcriptPath: null,
        delegations: [],
        toolOwners: new Map(),
      };
      if (this.sessions.size >= MAX_SESSIONS) this.dropLeastRecent();
    } else this.sessions.delete(session); // re-inserted below: the map stays in activity order
    this.sessions.set(session, activity);
    activity.events += 1;
    activity.firstTs = Math.min(activity.firstTs, ts);
    activity.lastTs = Math.max(activity.lastTs, ts);
    return activity;
  }

  delegated(
    activity: SessionActivity,
    ts: number,
    toolUseId: string | null,
    agent: string,
    description: string | null,
  ): void {
    if (activity.delegations.length >= MAX_DELEGATIONS) return;
    activity.delegations.push({
      toolUseId,
      agent,
      description,
      ts,
      agentId: null,
      durationMs: null,
      outcome: 'running',
      tools: new Map(),
      remembered: 0,
    });
  }

  subagentStarted(activity: SessionActivity, ts: number, agentId: string, agentType: string): void {
    const waiting = activity.delegations.find(
      (each) => each.agentId === null && each.agent === agentType && each.outcome === 'running',
    );
    if (waiting !== undefined) waiting.agentId = agentId;
    else {
      // Started without an Agent tool call we saw (a resumed or built-in subagent).
      this.delegated(activity, ts, null, agentType, null);
      const added = activity.delegations.at(-1);
      if (added !== undefined) added.agentId = agentId;
    }
  }

  subagentCompleted(
    activity: SessionActivity,
    agentId: string,
    durationMs: number | null,
    remembered: number,
  ): void {
    const delegation = activity.delegations.find((each) => each.agentId === agentId);
    if (delegation === undefined) return;
    delegation.outcome = delegation.outcome === 'failed' ? 'failed' : 'completed';
    delegation.durationMs = durationMs;
    delegation.remembered = remembered;
  }

  /** A PreToolUse: which subagent (if any) makes this call. */
  toolStarted(activity: SessionActivity, toolUseId: string, agentId: string | null): void {
    const owner =
      agentId === null
        ? soleRunning(activity.delegations)
        : activity.delegations.find((each) => each.agentId === agentId);
    if (owner !== undefined) activity.toolOwners.set(toolUseId, owner);
  }

  toolCompleted(
    activity: SessionActivity,
    toolUseId: string,
    toolName: string,
    failed: boolean,
  ): void {
    activity.toolCalls += 1;
    const owner = activity.toolOwners.get(toolUseId);
    if (owner !== undefined) {
      activity.toolOwners.delete(toolUseId);
      let counts = owner.tools.get(toolName);
      if (counts === undefined) owner.tools.set(toolName, (counts = { calls: 0, failures: 0 }));
      counts.calls += 1;
      if (failed) counts.failures += 1;
    }
    // The Agent tool call itself returning ends its delegation.
    const delegation = activity.delegations.find((each) => each.toolUseId === toolUseId);
    if (delegation !== undefined) {
      if (failed) delegation.outcome = 'failed';
      else if (delegation.outcome === 'running') delegation.outcome = 'completed';
    }
  }

  /** Sessions, most recently active first; only `session` when given. */
  list(session?: string): SessionActivity[] {
    if (session !== undefined) {
      const one = this.sessions.get(session);
      return one === undefined ? [] : [one];
    }
    return [...this.sessions.values()].reverse();
  }

  trees(session?: string): DelegationTree[] {
    return this.list(session)
      .filter((activity) => activity.delegations.length > 0)
      .map((activity) => ({
        session: activity.session,
        startedTs: activity.firstTs,
        delegations: activity.delegations.map((each) => ({
          toolUseId: each.toolUseId,
          agent: each.agent,
          description: each.description,
          ts: each.ts,
          durationMs: each.durationMs,
          outcome: each.outcome,
          tools: [...each.tools].map(([name, counts]) => ({ name, ...counts })),
          remembered: each.remembered,
        })),
      }));
  }

  private dropLeastRecent(): void {
    const oldest = this.sessions.keys().next().value;
    if (oldest !== undefined) this.sessions.delete(oldest);
  }
}

/** The one started, unfinished subagent of a session, if there is exactly one. */
function soleRunning(delegations: readonly MutableDelegation[]): MutableDelegation | undefined {
  let found: MutableDelegation | undefined;
  for (const each of delegations)
    if (each.outcome === 'running' && each.agentId !== null) {
      if (found !== undefined) return undefined;
      found = each;
    }
  return found;
}
