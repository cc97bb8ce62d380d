import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readTranscript } from '../../src/claude-code/transcript.js';

/**
 * What a session's transcripts (the main one and its subagents') hold: the ids of the tool calls
 * with a result (tool_use and tool_result pairs), and of the delegations (Agent or Task calls).
 */
export interface TranscriptCalls {
  readonly pairs: readonly string[];
  readonly delegations: readonly string[];
}

export function transcriptCalls(transcriptPath: string): TranscriptCalls {
  const subagents = join(dirname(transcriptPath), basename(transcriptPath, '.jsonl'), 'subagents');
  let names: string[] = [];
  try {
    names = readdirSync(subagents).filter((name) => name.endsWith('.jsonl'));
  } catch {
    // no subagent transcripts
  }
  const uses = new Set<string>();
  const results = new Set<string>();
  const delegations = new Set<string>();
  for (const file of [transcriptPath, ...names.map((name) => join(subagents, name))])
    for (const entry of readTranscript(readFileSync(file, 'utf8')).entries)
      for (const block of entry.message?.content ?? []) {
        if (block.type === 'tool_use') {
          uses.add(block.id);
          if (block.name === 'Agent' || block.name === 'Task') delegations.add(block.id);
        } else if (block.type === 'tool_result') results.add(block.toolUseId);
      }
  return {
    pairs: [...uses].filter((id) => results.has(id)).sort(),
    delegations: [...delegations].sort(),
  };
}
