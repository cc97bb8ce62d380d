import type { CommandGroup } from '../command.js';
import { skillsDeploy } from './skills-deploy.js';
import { skillsList } from './skills-list.js';
import { skillsShow } from './skills-show.js';
import { skillsUndeploy } from './skills-undeploy.js';
import { skillsValidate } from './skills-validate.js';

export const skillsGroup: CommandGroup = {
  name: 'skills',
  summary: 'Discover, inspect, validate, deploy and undeploy Agent Skills (NAME/SKILL.md folders).',
  subcommands: [skillsList, skillsShow, skillsValidate, skillsDeploy, skillsUndeploy],
};
