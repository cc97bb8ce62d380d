export { AgentRegistry } from './registry.js';
export { BASE_AGENT_FILE, listAgentFiles } from './agent-directory.js';
export type { RegistrySnapshot, ScannedDir } from './registry.js';
export type { DuplicateRecord, ShadowRecord } from './precedence.js';
export { MODEL_TIERS, SCOPE_RANK } from './definition.js';
export type {
  AgentDefinition,
  AgentEntry,
  AgentFileProblem,
  AgentFileWarning,
  AgentWarningKind,
  AgentScope,
  ModelTier,
} from './definition.js';
export { agentSourceDirs, bundledAgentsDir, claudeHomeFromEnv } from './discovery.js';
export type { AgentSourceDir, DiscoveryOptions } from './discovery.js';
export { parseAgentText, tierFromModel } from './parse-agent.js';
export { AGENT_NAME_PATTERN, agentNameProblem } from './agent-name.js';
export { reportFromSnapshot, validateAgentPaths } from './validate-paths.js';
export type { ValidationReport } from './validate-paths.js';
export { deployAgents } from './deploy.js';
export { RenderedAgents, deployedAgentText } from './rendered-agents.js';
export { renderAgentFile } from './render-agent.js';
export type { DeployOptions, DeployReport, DeploySkip } from './deploy.js';
export { undeployAgents } from './undeploy.js';
export type { UndeployKept, UndeployOptions, UndeployReport } from './undeploy.js';
export { scaffoldAgent } from './scaffold.js';
export { ownershipOf } from './managed-marker.js';
export { splitFrontmatter } from './frontmatter.js';
export { describeFsError } from './agent-file-reader.js';
export { registryForConfig } from './config-registry.js';
export type { ConfigRegistryOptions } from './config-registry.js';
