/* eslint-disable @typescript-eslint/require-await -- the methods are async even where nothing is
   awaited, so that every error reaches the caller as a rejected promise */
import {
  deploySkills,
  selectSkills,
  skillRegistryForConfig,
  skillTargetDir,
  undeploySkills,
} from '../skills/index.js';
import type { SkillRegistry } from '../skills/index.js';
import type { HybridContext } from './hybrid-context.js';
import { checkSkillDeployOptions } from './options.js';
import type {
  Hybrid,
  SkillDeployOptions,
  SkillDeployResult,
  SkillSummary,
  SkillUndeployResult,
} from './types.js';
import { skillSummary } from './views.js';

/** A hybrid's `skills`: list, deploy and undeploy the Agent Skills it sees. */
export function skillsOf(context: HybridContext): Hybrid['skills'] {
  return {
    list: async (): Promise<readonly SkillSummary[]> => {
      context.open();
      return skillRegistry(context).load().skills.map(skillSummary);
    },
    deploy: async (options?: SkillDeployOptions): Promise<SkillDeployResult> => {
      context.open();
      const checked = checkSkillDeployOptions(options, 'skills.deploy options');
      return deploySkills({
        skills: selectSkills(skillRegistry(context).load().skills, checked.names),
        target: skillTarget(context, checked),
        dryRun: checked.dryRun ?? false,
        force: checked.force ?? false,
      });
    },
    undeploy: async (options?: SkillDeployOptions): Promise<SkillUndeployResult> => {
      context.open();
      const checked = checkSkillDeployOptions(options, 'skills.undeploy options');
      return undeploySkills({
        target: skillTarget(context, checked),
        names: checked.names ?? [],
        known: skillRegistry(context)
          .load()
          .skills.map((entry) => entry.definition.name),
        dryRun: checked.dryRun ?? false,
        force: checked.force ?? false,
      });
    },
  };
}

function skillRegistry(context: HybridContext): SkillRegistry {
  return skillRegistryForConfig(context.runtime.loaded, {
    cwd: context.cwd,
    env: context.open().env,
  });
}

function skillTarget(context: HybridContext, options: SkillDeployOptions): string {
  return skillTargetDir({
    target: options.target,
    user: options.user ?? false,
    cwd: context.cwd,
    projectRoot: context.projectRoot,
    env: context.open().env,
  });
}
