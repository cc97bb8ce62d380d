import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { PRIVATE_FILE_MODE, ensurePrivateDir, sha256Hex, writeFileAtomic } from '../files/index.js';
import type { MemoryEntry } from '../memory/index.js';

/** File name of a user's or a project's own PM instructions, replacing the bundled ones. */
export const PM_INSTRUCTIONS_FILE = 'pm-instructions.md';

export interface PmInstructionsInput {
  /** The bundled `pm` agent's prompt: the instructions unless a file overrides them. */
  readonly bundled: string;
  /** `$CLAUDE_HYBRID_HOME`: a user's `pm-instructions.md` there replaces the bundled text. */
  readonly hybridHome: string;
  /** The project root: its `.claude-hybrid/pm-instructions.md` replaces both. */
  readonly projectRoot: string;
  /** The agents Claude Code can delegate to (the deployed ones). */
  readonly agents: readonly AgentDefinition[];
  /** The project's memory, Critical first. */
  readonly projectMemory: readonly MemoryEntry[];
}

/** Which instructions apply: the project's file, else the user's, else the bundled text. */
export function baseInstructions(input: PmInstructionsInput): { text: string; source: string } {
  for (const file of [
    join(input.projectRoot, '.claude-hybrid', PM_INSTRUCTIONS_FILE),
    join(input.hybridHome, PM_INSTRUCTIONS_FILE),
  ])
    if (existsSync(file)) return { text: readFileSync(file, 'utf8').trim(), source: file };
  return { text: input.bundled.trim(), source: 'bundled pm agent' };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/**
 * The PM's system-prompt addition: its instructions, a table of the agents it can delegate to
 * (name, what it is for, model, tools) and the project's memory.
 */
export function assemblePmInstructions(input: PmInstructionsInput): string {
  const parts = [baseInstructions(input).text, '', '## Agents you can delegate to', ''];
  parts.push('| agent | use it for | model | tools |', '| --- | --- | --- | --- |');
  for (const agent of [...input.agents].sort((left, right) => (left.name < right.name ? -1 : 1)))
    parts.push(
      `| ${agent.name} | ${cell(agent.description)} | ${agent.model ?? 'inherit'} | ${cell((agent.tools ?? ['all']).join(', '))} |`,
    );
  if (input.projectMemory.length > 0) {
    parts.push('', '## Project memory', '');
    const ordered = [
      ...input.projectMemory.filter((entry) => entry.section === 'Critical'),
      ...input.projectMemory.filter((entry) => entry.section !== 'Critical'),
    ];
    for (const entry of ordered)
      parts.push(`- [${entry.section}] ${entry.content.replace(/\n/g, ' ')}`);
  }
  return `${parts.join('\n')}\n`;
}

/**
 * Writes the instructions to `$CLAUDE_HYBRID_HOME/cache/pm/<sha256>.md` (once per distinct
 * content) and returns the path: a content-addressed file never changes under a running session.
 */
export function writePmInstructions(hybridHome: string, text: string): string {
  const file = pmInstructionsPath(hybridHome, text);
  if (!existsSync(file)) {
    ensurePrivateDir(dirname(file));
    writeFileAtomic(file, text, PRIVATE_FILE_MODE);
  }
  return file;
}

/** Where writePmInstructions() puts (or has put) these instructions. */
export function pmInstructionsPath(hybridHome: string, text: string): string {
  return join(hybridHome, 'cache', 'pm', `${sha256Hex(text).slice(0, 32)}.md`);
}
