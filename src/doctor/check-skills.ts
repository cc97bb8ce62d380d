import type { LoadedConfig } from '../config/index.js';
import { reportFromSnapshot } from '../agents/validate-paths.js';
import { skillRegistryForConfig } from '../skills/config-registry.js';
import { agentsCheckOf } from './check-agents.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const KIND = { id: 'skills', title: 'Skills' } as const;

/** Every discovered skill folder parsed, as `skills validate` does with no paths. */
export function checkSkills(input: DoctorInput, loaded: LoadedConfig | undefined): DoctorCheck {
  if (loaded === undefined)
    return checkResult(KIND.id, KIND.title, 'skip', 'not checked: the configuration did not load');
  const registry = skillRegistryForConfig(loaded, { cwd: input.cwd, env: input.env });
  return agentsCheckOf(reportFromSnapshot(registry.load()), KIND);
}
