import { readFileSync } from 'node:fs';
import { sha256Hex } from '../files/index.js';
import { markManaged, ownershipOf } from '../agents/managed-marker.js';
import type { Ownership } from '../agents/managed-marker.js';
import { childPath } from '../agents/agent-directory.js';
import { SKILL_FILE } from './definition.js';
import { folderFiles } from './skill-folder.js';

/**
 * A deployed skill folder is ours when its SKILL.md carries the agents' managed-by marker and
 * every other file in it is one the marker's manifest lists, unchanged. The manifest is YAML
 * comments right after the marker (Claude Code ignores them), covered by the marker's hash:
 *
 *   ---
 *   # managed-by: claude-hybrid sha256:<hash>
 *   # managed-file: sha256:<hash> scripts/check.sh
 *   name: …
 */
const MANIFEST_LINE = /^# managed-file: sha256:([0-9a-f]{64}) (.+)$/;
const MARKER_LINE = /^# managed-by: claude-hybrid sha256:[0-9a-f]{64}$/;

/** The SKILL.md deploy writes: the source's text (a marker of ours dropped) with a manifest. */
export function renderDeployedSkill(
  sourceText: string,
  extras: ReadonlyMap<string, Uint8Array>,
): string {
  const text = sourceText.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  // A managed copy deployed from a tier keeps only the content, not our old marks.
  let start = 1;
  while (
    start < lines.length &&
    (MARKER_LINE.test(lines[start] ?? '') || MANIFEST_LINE.test(lines[start] ?? ''))
  )
    start += 1;
  const manifest = [...extras.keys()]
    .sort()
    .map(
      (file) => `# managed-file: sha256:${sha256Hex(extras.get(file) ?? new Uint8Array())} ${file}`,
    );
  return markManaged([lines[0] ?? '---', ...manifest, ...lines.slice(start)].join('\n'));
}

/** The files a deployed SKILL.md lists, with their hashes. */
export function manifestOf(skillText: string): Map<string, string> {
  const manifest = new Map<string, string>();
  for (const line of skillText.split('\n').slice(2)) {
    const match = MANIFEST_LINE.exec(line);
    if (match === null) break;
    manifest.set(match[2] ?? '', match[1] ?? '');
  }
  return manifest;
}

/**
 * Whose a skill folder is: `managed` (ours, untouched), `modified` (ours, but SKILL.md or a
 * listed file edited, one removed, or a file added) or `foreign` (no marker of ours).
 */
export function folderOwnership(folder: string): Ownership {
  let text: string;
  try {
    text = readFileSync(childPath(folder, SKILL_FILE), 'utf8');
  } catch {
    return 'foreign';
  }
  const own = ownershipOf(text);
  if (own !== 'managed') return own;
  const manifest = manifestOf(text);
  const listing = folderFiles(folder);
  if (listing.kind === 'error' || listing.links.length > 0) return 'modified';
  if (listing.files.length !== manifest.size) return 'modified';
  for (const file of listing.files) {
    const hash = manifest.get(file);
    if (hash === undefined) return 'modified';
    try {
      if (sha256Hex(readFileSync(childPath(folder, file))) !== hash) return 'modified';
    } catch {
      return 'modified';
    }
  }
  return 'managed';
}
