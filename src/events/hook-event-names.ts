/**
 * The Claude Code hook events the installer registers and the daemon accepts. They live in
 * events/ because each one names a stored event type (`hook.<Event>`); this file imports
 * nothing, so the hook relay can use it without loading the event bus.
 */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'Notification',
  'PreCompact',
  'SessionEnd',
] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];

export function isHookEvent(name: string): name is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(name); // widened only to search it
}
