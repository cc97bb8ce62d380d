import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { PROJECT_DIR } from '../config/index.js';
import { isHybridError } from '../errors.js';
import { fastHashHex, readStampedCache, writeStampedCache } from '../files/index.js';
import { bundledWorkflowsDir, loadWorkflowFile } from '../workflow/index.js';

/** One input a workflow takes. */
export interface WorkflowInputInfo {
  readonly name: string;
  readonly description: string | null;
  /** An input without a default must be given. */
  readonly required: boolean;
  readonly default: string | null;
}

/** A workflow a run can name: in `.claude-hybrid/workflows/`, or bundled. */
export interface WorkflowInfo {
  /** What `workflow run NAME` takes (the file's name without `.yaml`). */
  readonly name: string;
  readonly scope: 'project' | 'bundled';
  readonly file: string;
  readonly description: string | null;
  readonly inputs: readonly WorkflowInputInfo[];
  readonly steps: number;
  /** Why the file cannot run as it is (none for a valid workflow). */
  readonly problems: readonly string[];
}

const EXTENSIONS = new Set(['.yaml', '.yml']);

function workflowFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => EXTENSIONS.has(extname(name)))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return []; // no such folder: no workflows there
  }
}

interface Described {
  readonly stamp: string;
  readonly info: WorkflowInfo;
}

/**
 * What each file said when it was last read, by path: a file whose size and mtime are the same
 * is not read and parsed again (a catalogue is asked for on every MCP session, and each MCP
 * session is a new process: hence the copy on disk, which spares it the YAML parser).
 */
const described = new Map<string, Described>();
/** The disk copies already read into `described`, by file. */
const loadedFrom = new Set<string>();
/** Bumped whenever WorkflowInfo changes shape. */
const CATALOG_CACHE_FORMAT = 1;

function readDiskCatalog(file: string): void {
  if (loadedFrom.has(file)) return;
  loadedFrom.add(file);
  const files = readStampedCache(file, CATALOG_CACHE_FORMAT)?.files;
  if (!Array.isArray(files)) return;
  for (const entry of files as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) continue;
    const [path, stamp, info] = entry as [unknown, unknown, unknown];
    if (typeof path !== 'string' || typeof stamp !== 'string') continue;
    if (typeof info !== 'object' || info === null) continue;
    if (!described.has(path)) described.set(path, { stamp, info: info as WorkflowInfo }); // written by writeDiskCatalog
  }
}

function writeDiskCatalog(file: string, listed: readonly WorkflowInfo[]): void {
  const files = listed.flatMap((info) => {
    const known = described.get(info.file);
    return known === undefined ? [] : [[info.file, known.stamp, known.info]];
  });
  writeStampedCache(file, CATALOG_CACHE_FORMAT, { files });
}

function describeCached(
  file: string,
  scope: WorkflowInfo['scope'],
  missed: { value: boolean },
): WorkflowInfo {
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.size}:${stat.mtimeMs}:${scope}`;
  } catch {
    return describe(file, scope); // gone since the listing: describe() reports it
  }
  const known = described.get(file);
  if (known?.stamp === stamp) return known.info;
  const info = describe(file, scope);
  described.set(file, { stamp, info });
  missed.value = true;
  return info;
}

function describe(file: string, scope: WorkflowInfo['scope']): WorkflowInfo {
  const name = basename(file, extname(file));
  try {
    const loaded = loadWorkflowFile(file, undefined);
    const definition = loaded.compiled?.definition;
    return {
      name,
      scope,
      file,
      description: definition?.description ?? null,
      inputs: Object.entries(definition?.inputs ?? {}).map(([input, spec]) => ({
        name: input,
        description: spec.description ?? null,
        required: spec.default === undefined,
        default: spec.default ?? null,
      })),
      steps: definition?.steps.length ?? 0,
      problems: loaded.issues,
    };
  } catch (error) {
    if (!isHybridError(error)) throw error;
    return {
      name,
      scope,
      file,
      description: null,
      inputs: [],
      steps: 0,
      problems: [error.message],
    };
  }
}

/**
 * The workflows a run can name in this project, project ones first: a project workflow shadows
 * a bundled one of the same name, as `workflow run NAME` resolves it. A file that does not load
 * is listed with its problems rather than hiding the others. `cacheDir` (the home's
 * `cache/workflows`): where the next process finds what each file said, one file per project;
 * none keeps it in memory only.
 */
export function workflowCatalog(projectRoot: string, cacheDir?: string): WorkflowInfo[] {
  const cacheFile =
    cacheDir === undefined ? undefined : join(cacheDir, `${fastHashHex(projectRoot)}.json`);
  if (cacheFile !== undefined) readDiskCatalog(cacheFile);
  const missed = { value: false };
  const seen = new Set<string>();
  const listed: WorkflowInfo[] = [];
  const sources = [
    { dir: join(projectRoot, PROJECT_DIR, 'workflows'), scope: 'project' as const },
    { dir: bundledWorkflowsDir(), scope: 'bundled' as const },
  ];
  for (const { dir, scope } of sources)
    for (const file of workflowFiles(dir)) {
      const name = basename(file, extname(file));
      if (seen.has(name)) continue;
      seen.add(name);
      listed.push(describeCached(file, scope, missed));
    }
  if (cacheFile !== undefined && missed.value) writeDiskCatalog(cacheFile, listed);
  return listed;
}
