export { readDaemonFile, readDaemonToken, writeDaemonFile, daemonFilePath } from './daemon-file.js';
export type { DaemonInfo } from './daemon-file.js';
export {
  daemonRequest,
  daemonScript,
  runningDaemon,
  startDaemon,
  stopDaemon,
} from './daemon-client.js';
export { HOOK_EVENTS, isHookEvent, isTelemetryEvent } from './hook-events.js';
export type { HookEvent, HookInput } from './hook-events.js';
export { HookHandler } from './hook-handler.js';
export type { HookHandlerOptions, HookOutcome } from './hook-handler.js';
export { MAX_MATCH_COST, compilePolicy, deniedBy } from './policy.js';
export type { Denial, Policy, PolicyRule } from './policy.js';
export type { PolicyProblem, ProjectPoliciesOptions } from './project-policy.js';
export { MAX_BODY_BYTES, startDaemonServer } from './server.js';
export type { DaemonServer, DaemonServerOptions } from './server.js';
