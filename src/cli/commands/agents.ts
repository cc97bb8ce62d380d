import type { CommandGroup } from '../command.js';
import { agentsDeploy } from './agents-deploy.js';
import { agentsList } from './agents-list.js';
import { agentsNew } from './agents-new.js';
import { agentsShow } from './agents-show.js';
import { agentsUndeploy } from './agents-undeploy.js';
import { agentsValidate } from './agents-validate.js';

export const agentsGroup: CommandGroup = {
  name: 'agents',
  summary: 'Discover, inspect, validate, scaffold, deploy and undeploy agent definitions.',
  subcommands: [agentsList, agentsShow, agentsValidate, agentsDeploy, agentsUndeploy, agentsNew],
};
