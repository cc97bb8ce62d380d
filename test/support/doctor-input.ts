import { loadConfig } from '../../src/config/index.js';
import type { DoctorInput } from '../../src/doctor/index.js';

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
