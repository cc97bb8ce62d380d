import type { HookEvent } from '../events/hook-event-names.js';

export { HOOK_EVENTS, isHookEvent } from '../events/hook-event-names.js';
export type { HookEvent } from '../events/hook-event-names.js';

/**
 * The hook events nobody waits on: Claude Code reads no answer, so the node relay spools them
 * instead of calling the daemon.
 */
const TELEMETRY_EVENTS: readonly string[] = [
  'PostToolUseFailure',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'Notification',
  'PreCompact',
] satisfies readonly HookEvent[];

export function isTelemetryEvent(name: string): boolean {
  return TELEMETRY_EVENTS.includes(name);
}

/** The fields of a hook's JSON input the daemon reads; the rest is recorded as is. */
export interface HookInput {
  readonly session_id: string;
  readonly cwd: string;
  readonly hook_event_name?: string;
  readonly transcript_path?: string;
  readonly tool_name?: string;
  readonly tool_input?: unknown;
  readonly tool_use_id?: string;
  readonly prompt?: string;
  readonly agent_id?: string;
  readonly agent_type?: string;
  readonly last_assistant_message?: string;
  readonly agent_transcript_path?: string;
}

export class HookInputError extends Error {}

/**
 * The request header a relay sends an event's idempotency key in (see HookHandler.handle):
 * the daemon records an event with a known key only once.
 */
export const EVENT_KEY_HEADER = 'X-Claude-Hybrid-Event-Key';

/** What an idempotency key may look like: short, printable, safe in a header. */
const EVENT_KEY_PATTERN = /^[A-Za-z0-9:._-]{1,200}$/;

/** The key in a request header, undefined when absent; throws HookInputError when malformed. */
export function eventKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !EVENT_KEY_PATTERN.test(header))
    throw new HookInputError(
      `the ${EVENT_KEY_HEADER} header must be 1 to 200 characters of A-Z a-z 0-9 : . _ -`,
    );
  return header;
}

/** Checks a hook body's shape; throws HookInputError saying what is wrong. */
export function readHookInput(event: HookEvent, body: unknown): HookInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HookInputError('the body must be a JSON object (the hook input)');
  const input = body as Record<string, unknown>;
  for (const field of ['session_id', 'cwd'])
    if (typeof input[field] !== 'string' || input[field] === '')
      throw new HookInputError(`missing field "${field}" (a non-empty string)`);
  const named = input['hook_event_name'];
  if (named !== undefined && named !== event)
    throw new HookInputError(
      `hook_event_name is ${JSON.stringify(named)} but the URL says ${event}`,
    );
  for (const field of [
    'tool_use_id',
    'tool_name',
    'transcript_path',
    'prompt',
    'agent_id',
    'agent_type',
  ])
    if (input[field] !== undefined && typeof input[field] !== 'string')
      throw new HookInputError(`field "${field}" must be a string`);
  return input as unknown as HookInput; // checked field by field above
}
