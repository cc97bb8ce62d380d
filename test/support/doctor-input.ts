import { afterEach, beforeEach, expect } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { DoctorInput } from '../../src/doctor/index.js';
import { runInProcess, tempProject } from './cli.js';

/** What the doctor's checks run with over a temporary project: offline, no key required. */
export function doctorInput(
  cwd: string,
  env: NodeJS.ProcessEnv,
  extra: Partial<DoctorInput> = {},
): DoctorInput {
  return {
    cwd,
    env,
    online: false,
    requireKey: false,
    loadConfig: () => loadConfig({ cwd, env, collectIssues: true }),
    ...extra,
  };
}

/**
 * A fresh project, initialised with `claude-hybrid init`, for each test of the calling suite,
 * removed after it. Read `dir` and `env` inside the tests.
 */
export function initialisedProjectPerTest(): {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
} {
  let project: ReturnType<typeof tempProject> | undefined;
  beforeEach(async () => {
    project = tempProject();
    expect((await runInProcess(['init'], { cwd: project.dir, env: project.env })).code).toBe(0);
  });
  afterEach(() => {
    project?.cleanup();
    project = undefined;
  });
  const current = (): ReturnType<typeof tempProject> => {
    if (project === undefined) throw new Error('the project exists only inside a test');
    return project;
  };
  return {
    get dir() {
      return current().dir;
    },
    get env() {
      return current().env;
    },
  };
}
