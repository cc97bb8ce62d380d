import { isRecord } from './token-estimator.js';

/** One entry of `messages`, checked only as far as the fake reads it. */
export interface RequestMessage {
  readonly role: string;
  readonly content: string | readonly unknown[];
}

/**
 * A `/v1/messages` or `/v1/messages/count_tokens` body after the cheap checks the real API
 * makes first. Other fields are passed through unchecked: the fake does not model them.
 */
export interface MessageRequestBody {
  readonly model: string;
  /** Absent only on `count_tokens`, which takes no `max_tokens`. */
  readonly max_tokens: number | undefined;
  readonly messages: readonly RequestMessage[];
  readonly stream: boolean;
  readonly [field: string]: unknown;
}

export type BodyCheck =
  | { readonly ok: true; readonly body: MessageRequestBody }
  | { readonly ok: false; readonly message: string };

const ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system']);

/**
 * Checks a parsed JSON body the way the real API words its 400s (`field: problem`). The first
 * problem wins, as with the real API.
 */
export function checkMessageBody(parsed: unknown, requireMaxTokens: boolean): BodyCheck {
  if (!isRecord(parsed)) return fail('request body must be a JSON object');
  const { model, max_tokens: maxTokens, messages, stream } = parsed;
  if (model === undefined) return fail('model: Field required');
  if (typeof model !== 'string' || model === '') return fail('model: Input should be a string');
  if (maxTokens === undefined && requireMaxTokens) return fail('max_tokens: Field required');
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && Number(maxTokens) >= 1))
    return fail('max_tokens: Input should be a positive integer');
  if (messages === undefined) return fail('messages: Field required');
  if (!Array.isArray(messages)) return fail('messages: Input should be a valid list');
  if (messages.length === 0) return fail('messages: at least one message is required');
  const checked: RequestMessage[] = [];
  for (const [index, message] of messages.entries()) {
    const result = toMessage(message);
    if (typeof result === 'string') return fail(`messages.${index}: ${result}`);
    checked.push(result);
  }
  if (stream !== undefined && typeof stream !== 'boolean')
    return fail('stream: Input should be a valid boolean');
  return {
    ok: true,
    body: {
      ...parsed,
      model,
      max_tokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      messages: checked,
      stream: stream === true,
    },
  };
}

/** The message, or what is wrong with it. */
function toMessage(message: unknown): RequestMessage | string {
  if (!isRecord(message)) return 'Input should be an object';
  const { role, content } = message;
  if (typeof role !== 'string' || !ROLES.has(role))
    return "role: Input should be 'user' or 'assistant'";
  if (typeof content === 'string') return { role, content };
  if (Array.isArray(content)) return { role, content };
  return 'content: Input should be a valid string or list';
}

function fail(message: string): BodyCheck {
  return { ok: false, message };
}
