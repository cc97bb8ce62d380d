import { loadConfig } from '../config/index.js';
import { runDoctor } from '../doctor/doctor.bundle.js';
import type { DoctorReport } from '../doctor/types.js';
import { checkDoctorOptions } from './options.js';

/**
 * `hybrid.doctor()`: the CLI's checks over the hybrid's project and environment. Its own file so
 * the doctor's bundle (dist/doctor.cjs) loads on the first call only, as queued.ts does for the
 * queue.
 */
export async function doctorOf(
  raw: unknown,
  where: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<DoctorReport> {
  const options = checkDoctorOptions(raw);
  return runDoctor({
    cwd: where.cwd,
    env: where.env,
    online: options.online === true,
    requireKey: options.requireKey === true,
    loadConfig: () => loadConfig({ cwd: where.cwd, env: where.env, collectIssues: true }),
  });
}
