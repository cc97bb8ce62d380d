/**
 * The projects the dashboard can show: every initialised project the daemon has recorded events
 * for or been asked about, kept in `$CLAUDE_HYBRID_HOME/projects.json` (0600) so the list
 * survives a daemon restart. A project whose `.claude-hybrid/` is gone is left out of the list
 * (and dropped from the file on the next write). The user-level store (events from outside any
 * project) is not a project and is not listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/index.js';
import { PROJECT_DIR } from '../config/index.js';

/** More projects than anyone works on: a bound, so a flood of cwds cannot grow the file forever. */
const MAX_PROJECTS = 500;

interface ProjectsFile {
  readonly version: 1;
  readonly projects: readonly string[];
}

export class KnownProjects {
  private readonly file: string;
  private roots: string[];

  constructor(hybridHome: string) {
    this.file = join(hybridHome, 'projects.json');
    this.roots = readRoots(this.file);
  }

  /** Remembers `root` (an initialised project's root); writes the file only when it is new. */
  add(root: string): void {
    if (this.roots.includes(root)) return;
    this.roots = [root, ...this.roots.filter(isProject)].slice(0, MAX_PROJECTS);
    const content: ProjectsFile = { version: 1, projects: this.roots };
    try {
      writeFileAtomic(this.file, `${JSON.stringify(content, null, 2)}\n`, PRIVATE_FILE_MODE);
    } catch {
      // The list is a convenience: the project is still known for this daemon's life.
    }
  }

  /** The known roots that are still initialised projects. */
  list(): string[] {
    return this.roots.filter(isProject);
  }

  has(root: string): boolean {
    return this.roots.includes(root) && isProject(root);
  }
}

function isProject(root: string): boolean {
  return existsSync(join(root, PROJECT_DIR));
}

/** The roots in the file; a missing or malformed file is an empty list (it is rebuilt). */
function readRoots(file: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ProjectsFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.projects)) return [];
    return parsed.projects
      .filter((root): root is string => typeof root === 'string' && isAbsolute(root))
      .slice(0, MAX_PROJECTS);
  } catch {
    return [];
  }
}
