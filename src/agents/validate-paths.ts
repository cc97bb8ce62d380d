import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentFileProblem, AgentFileWarning } from './definition.js';
import { describeFsError, statAgentFile } from './agent-file-reader.js';
import { parseFile } from './load-agent-file.js';
import { listAgentFiles } from './agent-directory.js';
import type { RegistrySnapshot } from './registry.js';

/** The report of `agents validate`; the JSON shape is part of the public contract. */
export interface ValidationReport {
  readonly files: number;
  readonly valid: number;
  readonly invalid: readonly AgentFileProblem[];
  readonly duplicates: readonly { readonly name: string; readonly files: readonly string[] }[];
  readonly shadowed: readonly {
    readonly name: string;
    readonly file: string;
    readonly shadowedBy: string;
  }[];
  readonly warnings: readonly AgentFileWarning[];
}

/**
 * Validates explicit files and directories (directories: their `*.md` files, not recursive).
 * Every file is either parsed or reported with a reason; nothing here throws on bad input.
 */
export function validateAgentPaths(paths: readonly string[], cwd: string): ValidationReport {
  const files: string[] = [];
  const invalid: AgentFileProblem[] = [];
  sortPaths(paths, cwd, invalid, {
    file: (absolute) => files.push(absolute),
    directory: (absolute) => {
      const listing = listAgentFiles(absolute);
      if (listing.error !== undefined)
        invalid.push({ file: absolute, line: undefined, error: listing.error });
      files.push(...listing.files.map((name) => join(absolute, name)));
    },
  });
  const warnings: AgentFileWarning[] = [];
  const byName = new Map<string, string[]>();
  let valid = 0;
  for (const file of files) {
    const stat = statAgentFile(file);
    if ('error' in stat) {
      invalid.push({ file, line: undefined, error: stat.error });
      continue;
    }
    const outcome = parseFile(file, stat, 'custom', undefined);
    if (outcome.kind === 'invalid') invalid.push(outcome.problem);
    else {
      valid += 1;
      warnings.push(...outcome.warnings);
      const list = byName.get(outcome.definition.name) ?? [];
      list.push(file);
      byName.set(outcome.definition.name, list);
    }
  }
  const duplicates = [...byName]
    .filter(([, list]) => list.length > 1)
    .map(([name, list]) => ({ name, files: list }));
  return { files: files.length, valid, invalid, duplicates, shadowed: [], warnings };
}

/**
 * Each path (relative to `cwd`) made absolute and handed to `file` or `directory`; one that
 * cannot be read is recorded in `invalid`. What `agents validate` and `skills validate` share.
 */
export function sortPaths(
  paths: readonly string[],
  cwd: string,
  invalid: AgentFileProblem[],
  handle: { readonly file: (path: string) => void; readonly directory: (path: string) => void },
): void {
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      invalid.push({ file: absolute, line: undefined, error: describeFsError(error) });
      continue;
    }
    if (isDirectory) handle.directory(absolute);
    else handle.file(absolute);
  }
}

/** The same report for everything a registry (of agents or skills) discovers. */
export function reportFromSnapshot(
  snapshot: Pick<RegistrySnapshot, 'invalid' | 'duplicates' | 'shadowed' | 'warnings'> & {
    readonly stats: { readonly files: number; readonly valid: number };
  },
): ValidationReport {
  return {
    files: snapshot.stats.files,
    valid: snapshot.stats.valid,
    invalid: snapshot.invalid,
    duplicates: snapshot.duplicates.map((record) => ({ name: record.name, files: record.files })),
    shadowed: snapshot.shadowed.map((record) => ({
      name: record.name,
      file: record.file,
      shadowedBy: record.shadowedBy.file,
    })),
    warnings: snapshot.warnings,
  };
}
