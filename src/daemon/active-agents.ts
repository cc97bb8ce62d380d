/**
 * The subagents running now, per Claude Code session: a SubagentStart without its SubagentStop.
 * The status line shows the latest one started. Bounded: a subagent whose stop never came (an
 * interrupted one) is forgotten at the session's next Stop (the main agent's turn ended, so
 * every subagent it waited for did) or its SessionEnd, and beyond MAX_SESSIONS the least
 * recently started session goes.
 */

/** Sessions remembered; each holds at most MAX_PER_SESSION agents. */
const MAX_SESSIONS = 1_000;
const MAX_PER_SESSION = 32;

export class ActiveAgents {
  /** Session -> (agent id -> agent type), both in start order. */
  private readonly sessions = new Map<string, Map<string, string>>();

  started(session: string, agentId: string | undefined, agentType: string | undefined): void {
    if (agentId === undefined) return;
    let agents = this.sessions.get(session);
    if (agents !== undefined) this.sessions.delete(session); // re-inserted: most recent last
    agents ??= new Map();
    agents.delete(agentId);
    agents.set(agentId, agentType === undefined || agentType === '' ? 'subagent' : agentType);
    if (agents.size > MAX_PER_SESSION) agents.delete(agents.keys().next().value ?? '');
    this.sessions.set(session, agents);
    if (this.sessions.size > MAX_SESSIONS)
      this.sessions.delete(this.sessions.keys().next().value ?? '');
  }

  stopped(session: string, agentId: string | undefined): void {
    if (agentId === undefined) return;
    const agents = this.sessions.get(session);
    agents?.delete(agentId);
    if (agents?.size === 0) this.sessions.delete(session);
  }

  ended(session: string): void {
    this.sessions.delete(session);
  }

  /** The type of the latest subagent started and still running in `session`. */
  running(session: string): string | undefined {
    let latest: string | undefined;
    for (const type of this.sessions.get(session)?.values() ?? []) latest = type;
    return latest;
  }
}
