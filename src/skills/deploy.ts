import { lstatSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AgentError } from '../errors.js';
import { childPath } from '../agents/agent-directory.js';
import {
  ensureWritableDirectory,
  notWritable,
  skipReason,
  writeDeployed,
} from '../agents/deploy-files.js';
import type { DeployReport, DeploySkip } from '../agents/deploy.js';
import type { SkillEntry } from './definition.js';
import { SKILL_FILE } from './definition.js';
import { folderFiles } from './skill-folder.js';
import { folderOwnership, manifestOf, renderDeployedSkill } from './skill-ownership.js';

export interface SkillDeployOptions {
  readonly skills: readonly SkillEntry[];
  /** Absolute target directory, e.g. `<project>/.claude/skills`. */
  readonly target: string;
  /** Report what would happen and write nothing. @default false */
  readonly dryRun?: boolean;
  /** Overwrite folders we do not own, or that were edited since we wrote them. @default false */
  readonly force?: boolean;
}

export type SkillDeployReport = DeployReport;

/**
 * Copies each skill folder to `<target>/<name>/`: its SKILL.md marked as ours (with a manifest
 * of the other files' hashes), the other files as they are (symbolic links are not copied).
 * The agents' rules: idempotent (an unchanged folder is not rewritten, not a byte), a folder we
 * do not own, or one of ours edited since, is left alone unless `force`, and skills already
 * defined in the target are skipped. Names are validated kebab-case, so paths stay inside.
 */
export function deploySkills(options: SkillDeployOptions): SkillDeployReport {
  const target = resolve(options.target);
  const dryRun = options.dryRun ?? false;
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const skipped: DeploySkip[] = [];
  if (!dryRun) ensureWritableDirectory(target, 'skills.target_not_directory');
  for (const entry of options.skills) {
    const name = entry.definition.name;
    const folder = join(target, name);
    if (dirname(folder) !== target)
      throw new AgentError('agents.bad_name', `skill name "${name}" escapes the target directory`, {
        exitCode: 2,
      });
    if (resolve(entry.dir) === folder) continue; // already defined in the target itself
    const wanted = wantedFiles(entry);
    const decision = decide(folder, wanted, options.force === true);
    if (decision.kind === 'skip') {
      skipped.push({ name, file: folder, reason: decision.reason });
      continue;
    }
    if (decision.kind !== 'unchanged' && !dryRun) write(folder, wanted);
    (decision.kind === 'create' ? created : decision.kind === 'update' ? updated : unchanged).push(
      name,
    );
  }
  return { target, dryRun, created, updated, unchanged, skipped };
}

/** A file to deploy: its bytes, and its mode (a script stays executable). */
interface Wanted {
  readonly bytes: Buffer;
  readonly mode: number;
}

/** Every file the deployed folder should hold, SKILL.md first. */
function wantedFiles(entry: SkillEntry): Map<string, Wanted> {
  const extras = new Map<string, Wanted>();
  for (const file of entry.extraFiles) {
    const path = childPath(entry.dir, file);
    extras.set(file, { bytes: readSource(path), mode: executable(path) ? 0o755 : 0o644 });
  }
  const hashes = new Map([...extras].map(([file, { bytes }]) => [file, bytes]));
  const skill = renderDeployedSkill(readSource(entry.file).toString('utf8'), hashes);
  return new Map([[SKILL_FILE, { bytes: Buffer.from(skill, 'utf8'), mode: 0o644 }], ...extras]);
}

function executable(path: string): boolean {
  try {
    return (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

type Decision =
  | { readonly kind: 'create' | 'unchanged' | 'update' }
  | { readonly kind: 'skip'; readonly reason: string };

function decide(folder: string, wanted: ReadonlyMap<string, Wanted>, force: boolean): Decision {
  let isLink: boolean;
  try {
    isLink = lstatSync(folder).isSymbolicLink();
  } catch {
    return { kind: 'create' };
  }
  if (isLink)
    return {
      kind: 'skip',
      reason: 'a symbolic link, not a folder claude-hybrid wrote; not replaced',
    };
  if (sameFiles(folder, wanted)) return { kind: 'unchanged' };
  const ownership = folderOwnership(folder);
  if (ownership === 'managed' || force) return { kind: 'update' };
  return { kind: 'skip', reason: skipReason(ownership) };
}

/** The folder holds exactly the wanted files, byte for byte. */
function sameFiles(folder: string, wanted: ReadonlyMap<string, Wanted>): boolean {
  const listing = folderFiles(folder);
  if (listing.kind === 'error' || listing.links.length > 0) return false;
  if (listing.files.length + 1 !== wanted.size) return false;
  for (const [file, { bytes }] of wanted) {
    try {
      if (!readFileSync(childPath(folder, file)).equals(bytes)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes what differs, and removes files an earlier deploy wrote that the skill no longer has. */
function write(folder: string, wanted: ReadonlyMap<string, Wanted>): void {
  let previous = new Map<string, string>();
  try {
    previous = manifestOf(readFileSync(childPath(folder, SKILL_FILE), 'utf8'));
  } catch {
    // a new folder, or no SKILL.md yet: nothing of ours to clean up
  }
  for (const [file, { bytes, mode }] of wanted) {
    const path = childPath(folder, file);
    let current: Buffer | undefined;
    try {
      current = readFileSync(path);
    } catch {
      current = undefined;
    }
    if (current?.equals(bytes) === true) continue;
    writeDeployed(path, bytes, mode);
  }
  for (const file of previous.keys()) {
    // The manifest is text anyone can write: a path leaving the folder is never followed.
    if (wanted.has(file) || file.startsWith('/') || file.split('/').includes('..')) continue;
    try {
      rmSync(childPath(folder, file), { force: true });
    } catch (error) {
      throw notWritable(folder, error);
    }
  }
}

function readSource(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new AgentError('skills.unreadable', `cannot read ${file}`, {
      hint: "it changed while claude-hybrid was running; run 'claude-hybrid skills validate'",
      cause: error,
    });
  }
}
