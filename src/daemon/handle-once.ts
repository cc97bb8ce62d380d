/**
 * One hook event handled without the daemon (dist/hook-inprocess.cjs), for the command-mode
 * relay when no daemon runs: the same handler, so the event is recorded, memory captured and
 * policy applied; only the pairing of Pre/PostToolUse, which lives in the daemon's memory, is
 * missing.
 */
import { HookInputError, isHookEvent, readHookInput } from './hook-events.js';
import { HookHandler } from './hook-handler.js';
import { projectPolicies } from './project-policy.js';

/**
 * The hook output JSON for one event ('' when the event cannot be handled). `key`: the event's
 * idempotency key, the one the relay sent the daemon first (see HookHandler.handle).
 */
export function handleOnce(event: string, input: string, hybridHome: string, key?: string): string {
  if (!isHookEvent(event)) return '';
  let body: unknown;
  try {
    body = JSON.parse(input);
  } catch {
    return '';
  }
  let hook;
  try {
    hook = readHookInput(event, body);
  } catch (error) {
    if (error instanceof HookInputError) return '';
    throw error;
  }
  const handler = new HookHandler({ hybridHome, policyFor: projectPolicies(hybridHome) });
  try {
    return JSON.stringify(handler.handle(event, hook, undefined, key).output);
  } finally {
    handler.close();
  }
}
