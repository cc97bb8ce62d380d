import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { userHome } from '../files/index.js';
import { readTranscript } from './transcript.js';
import type { TranscriptEntry } from './transcript.js';

/**
 * Where Claude Code keeps transcripts (verified with Claude Code 2.1.197):
 *
 *   <config>/projects/<encoded project path>/<session id>.jsonl
 *   <config>/projects/<encoded project path>/<session id>/subagents/agent-<agent id>.jsonl
 *
 * `<config>` is $CLAUDE_CONFIG_DIR, else ~/.claude. Each subagent also has an
 * `agent-<agent id>.meta.json` ({ agentType, description, toolUseId, spawnDepth }) next to it.
 */
export function transcriptsRoot(env: NodeJS.ProcessEnv): string {
  const configDir = env.CLAUDE_CONFIG_DIR;
  return configDir !== undefined && configDir !== ''
    ? join(configDir, 'projects')
    : join(userHome(env), '.claude', 'projects');
}

/** Claude Code cuts longer encoded names here and appends a hash of the full path. */
const MAX_ENCODED_LENGTH = 200;

/** Claude Code's 32-bit string hash (Java's `String.hashCode`), as it names long project dirs. */
function pathHash(path: string): string {
  let hash = 0;
  for (let index = 0; index < path.length; index += 1)
    hash = ((hash << 5) - hash + path.charCodeAt(index)) | 0;
  return Math.abs(hash).toString(36);
}

/**
 * The directory name Claude Code gives a project: every character other than an ASCII letter
 * or digit becomes `-` (`/tmp/a b` → `-tmp-a-b`); past 200 characters the name is cut and a hash
 * of the whole path appended. Different paths can share a name (`/a-b` and `/a/b`).
 */
export function encodeProjectPath(path: string): string {
  const encoded = path.replace(/[^a-zA-Z0-9]/g, '-');
  if (encoded.length <= MAX_ENCODED_LENGTH) return encoded;
  return `${encoded.slice(0, MAX_ENCODED_LENGTH)}-${pathHash(path)}`;
}

/**
 * The transcript directory of the project at `projectPath`, or undefined when Claude Code has
 * none. Claude Code resolves symlinks in the project path first, so both forms are tried; a long
 * name is also matched by its prefix, as Claude Code itself does, in case the hash differs.
 */
export async function projectTranscriptsDir(
  root: string,
  projectPath: string,
): Promise<string | undefined> {
  const absolute = resolve(projectPath);
  const candidates = [absolute];
  try {
    candidates.unshift(await realpath(absolute));
  } catch {
    // a project that no longer exists can still have transcripts
  }
  for (const candidate of candidates) {
    const dir = join(root, encodeProjectPath(candidate));
    if (await isDirectory(dir)) return dir;
  }
  const encoded = encodeProjectPath(candidates[0] ?? absolute);
  if (encoded.length <= MAX_ENCODED_LENGTH) return undefined;
  const prefix = `${encoded.slice(0, MAX_ENCODED_LENGTH)}-`;
  try {
    const match = (await readdir(root, { withFileTypes: true })).find(
      (entry) => entry.isDirectory() && entry.name.startsWith(prefix),
    );
    return match === undefined ? undefined : join(root, match.name);
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export interface SessionFile {
  /** The session id: the file name without `.jsonl`. */
  readonly id: string;
  readonly file: string;
  /** Last write, ms since the epoch: how Claude Code orders sessions too. */
  readonly modifiedMs: number;
  readonly bytes: number;
}

/** The sessions in a project's transcript directory, most recently written first. */
export async function listSessionFiles(dir: string): Promise<SessionFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const sessions = await Promise.all(
    names
      .filter((name) => name.endsWith('.jsonl'))
      .map(async (name): Promise<SessionFile | undefined> => {
        const file = join(dir, name);
        try {
          const info = await stat(file);
          if (!info.isFile()) return undefined;
          return {
            id: name.slice(0, -'.jsonl'.length),
            file,
            modifiedMs: info.mtimeMs,
            bytes: info.size,
          };
        } catch {
          return undefined; // deleted since readdir
        }
      }),
  );
  return sessions
    .filter((session) => session !== undefined)
    .sort((left, right) => right.modifiedMs - left.modifiedMs || (left.id < right.id ? -1 : 1));
}

/** A line that could not be read, and the file it is in (relative to the project directory). */
export interface SessionProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface LoadedSession {
  readonly id: string;
  /** The main transcript's entries, then each subagent's, in file-name order. */
  readonly entries: readonly TranscriptEntry[];
  readonly problems: readonly SessionProblem[];
  /** Sidechain files read, relative to the project directory. */
  readonly subagentFiles: readonly string[];
}

/** Reads a session's transcript and its subagents' sidechain transcripts. */
export async function loadSession(session: SessionFile): Promise<LoadedSession> {
  const entries: TranscriptEntry[] = [];
  const problems: SessionProblem[] = [];
  const read = async (file: string, label: string): Promise<void> => {
    const transcript = readTranscript(await readFile(file, 'utf8'));
    entries.push(...transcript.entries);
    for (const problem of transcript.problems) problems.push({ file: label, ...problem });
  };
  await read(session.file, basename(session.file));
  const subagentsDir = join(session.file.slice(0, -'.jsonl'.length), 'subagents');
  let names: string[] = [];
  try {
    names = (await readdir(subagentsDir)).filter((name) => name.endsWith('.jsonl')).sort();
  } catch {
    // no subagents
  }
  const subagentFiles = names.map((name) => `${session.id}/subagents/${name}`);
  for (const [index, name] of names.entries())
    await read(join(subagentsDir, name), subagentFiles[index] ?? name);
  return { id: session.id, entries, problems, subagentFiles };
}
