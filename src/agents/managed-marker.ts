import { sha256Hex } from '../files/index.js';

/**
 * Files written by `agents deploy` carry an ownership marker as the first frontmatter line, a
 * YAML comment that Claude Code ignores:
 *
 *   ---
 *   # managed-by: claude-hybrid sha256:<hash of everything after this line>
 *
 * The hash lets us tell our untouched copies (safe to update) from copies a person has edited
 * since (left alone unless --force).
 */
const PREFIX = '---\n# managed-by: claude-hybrid sha256:';
const MARKER = /^---\n# managed-by: claude-hybrid sha256:([0-9a-f]{64})\n/;

export type Ownership = 'managed' | 'modified' | 'foreign';

export function ownershipOf(text: string): Ownership {
  const match = MARKER.exec(text);
  if (match === null) return 'foreign';
  const rest = text.slice(match[0].length);
  return sha256Hex(rest) === match[1] ? 'managed' : 'modified';
}

/** Prefixes `content` (a complete agent file starting with `---\n`) with the marker. */
export function markManaged(content: string): string {
  if (!content.startsWith('---\n'))
    throw new Error('agent file content must start with a frontmatter fence');
  const rest = content.slice(4);
  return `${PREFIX}${sha256Hex(rest)}\n${rest}`;
}
