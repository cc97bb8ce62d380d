import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, tempProject } from '../../support/cli.js';
import type { CliResult } from '../../support/cli.js';
import type { ProbeResult } from '../probe-kit.js';

// Shared by the store and file probes (D4, D5, D9, D10, D14): an initialised project in its own
// temporary home, the built CLI run under umask 022 with a deadline of its own, and file modes.

export interface ProbeProject {
  /** The project folder (cwd of every command). */
  readonly dir: string;
  /** `$CLAUDE_HYBRID_HOME`. */
  readonly home: string;
  /** The project's `.claude-hybrid/`. */
  readonly data: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs the built CLI here under umask 022; `timedOut` when it outlived `timeoutMs`. */
  run(argv: readonly string[], options?: RunOptions): TimedResult;
  readonly cleanup: () => void;
}

export interface RunOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** Extra variables over the project's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface TimedResult extends CliResult {
  readonly timedOut: boolean;
}

/** A temporary home and project; with `init` (the default) the project is initialised. */
export function probeProject(init = true): ProbeProject {
  const project = tempProject();
  const home = project.env.CLAUDE_HYBRID_HOME ?? '';
  const run = (argv: readonly string[], options: RunOptions = {}): TimedResult => {
    // The shell sets the umask most machines have (022), which made data files 0644 before.
    const result = spawnSync(
      '/bin/sh',
      ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BUILT_CLI, ...argv],
      {
        cwd: project.dir,
        env: { ...project.env, ...options.env },
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
      },
    );
    const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    return {
      code: result.status ?? -1,
      stdout: result.stdout,
      stderr: result.stderr,
      timedOut,
    };
  };
  const made: ProbeProject = {
    dir: project.dir,
    home,
    data: join(project.dir, '.claude-hybrid'),
    env: project.env,
    run,
    cleanup: project.cleanup,
  };
  if (init) {
    const result = run(['init']);
    if (result.code !== 0) {
      project.cleanup();
      throw new Error(`init failed: ${result.stderr}`);
    }
  }
  return made;
}

/** Every path under `root` readable or writable by others: folders not 0700, files not 0600. */
export function looseModes(root: string): string[] {
  const loose: string[] = [];
  const visit = (path: string): void => {
    const stats = lstatSync(path);
    const mode = stats.mode & 0o777;
    if (stats.isDirectory()) {
      if (mode !== 0o700) loose.push(`${mode.toString(8)} ${path}`);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stats.isFile() && mode !== 0o600) loose.push(`${mode.toString(8)} ${path}`);
  };
  visit(root);
  return loose;
}

/** `hang` for a command that outlived its deadline, else undefined. */
export function hangOf(result: TimedResult): ProbeResult | undefined {
  return result.timedOut ? { outcome: 'hang', detail: 'killed at its deadline' } : undefined;
}
