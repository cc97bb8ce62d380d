import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../config/paths.js';
import { bundledWorkflowsDir } from './bundled-workflows.js';

/** The extensions a workflow file has, in the order a bare name tries them. */
export const WORKFLOW_EXTENSIONS = ['.yaml', '.yml'] as const;

/**
 * Where a workflow named without a path is looked for, in order: the project's
 * `.claude-hybrid/workflows/`, then the bundled examples.
 */
export function workflowDirs(projectRoot: string): string[] {
  return [join(projectRoot, PROJECT_DIR, 'workflows'), bundledWorkflowsDir()];
}

/**
 * The names `workflow run NAME` accepts in this project, sorted, each once: the files of
 * workflowDirs() without their extension. A directory that cannot be read has none.
 */
export function workflowNames(projectRoot: string): string[] {
  const names = new Set<string>();
  for (const dir of workflowDirs(projectRoot)) {
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      const extension = WORKFLOW_EXTENSIONS.find((candidate) => file.endsWith(candidate));
      const name = extension === undefined ? '' : file.slice(0, -extension.length);
      // Only names resolveWorkflowFile() finds by name.
      if (/^[\w-]+$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}
