/**
 * Claude Code names a plugin's agents `<plugin>:<agent>` (`claude-hybrid:qa`). Ours are the same
 * agents as a direct deploy's, so their memory and statistics are kept under the plain name: a
 * learning of `claude-hybrid:qa` is qa's, whichever way the agents were installed. Other plugins'
 * agents keep their full name (a plain name could be a different agent of ours).
 */
const PREFIX = 'claude-hybrid:';

export function agentNameOfType(agentType: string): string {
  return agentType.startsWith(PREFIX) ? agentType.slice(PREFIX.length) : agentType;
}
