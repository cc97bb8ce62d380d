import type { AgentRecord } from './agent-record.js';
import { readAgentFile } from './agent-file-reader.js';
import type { AgentEntry, AgentFileProblem, AgentFileWarning, AgentScope } from './definition.js';
import { ownershipOf } from './managed-marker.js';
import { parseAgentText } from './parse-agent.js';

/** One agent file, loaded: an entry with its warnings, or the reason it is invalid. */
export type FileResult =
  | {
      readonly kind: 'ok';
      readonly entry: AgentEntry;
      readonly warnings: readonly AgentFileWarning[];
      readonly definition: AgentRecord;
    }
  | { readonly kind: 'invalid'; readonly problem: AgentFileProblem };

/** Reads and parses one agent file; never throws on bad content. */
export function parseFile(
  file: string,
  stat: { readonly mtimeMs: number; readonly size: number },
  scope: AgentScope,
  base: string | undefined,
): FileResult {
  const read = readAgentFile(file, stat.mtimeMs, stat.size);
  if (read.kind === 'error')
    return { kind: 'invalid', problem: { file, line: undefined, error: read.error } };
  const outcome = parseAgentText(read.text, file, { base });
  if (outcome.kind === 'invalid') return { kind: 'invalid', problem: outcome.problem };
  return {
    kind: 'ok',
    entry: {
      definition: outcome.definition,
      scope,
      file,
      managed: ownershipOf(read.text) === 'managed',
      size: stat.size,
    },
    warnings: outcome.warnings,
    definition: outcome.definition,
  };
}
