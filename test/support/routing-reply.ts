import { echoReply } from './fake-anthropic/index.js';
import type { MessageRequestBody, ReplyFunction, ScriptedReply } from './fake-anthropic/index.js';

/** What a routing request (src/routing/model-choice.ts) asks: the task and its candidates. */
export interface RoutingQuestion {
  readonly task: string;
  readonly candidates: readonly string[];
}

/** The routing question in a request body, or undefined when the body is not one. */
export function routingQuestion(
  body: Readonly<Record<string, unknown>>,
): RoutingQuestion | undefined {
  const messages = body['messages'];
  if (!Array.isArray(messages)) return undefined;
  const last: unknown = messages.at(-1);
  const content =
    typeof last === 'object' && last !== null ? (last as { content?: unknown }).content : undefined; // a message object
  if (typeof content !== 'string') return undefined;
  const task = /^<task>\n([\s\S]*)\n<\/task>/.exec(content)?.[1];
  const candidates = /^Candidates: (.+)$/m.exec(content)?.[1];
  if (task === undefined || candidates === undefined) return undefined;
  return { task, candidates: candidates.split(', ') };
}

/**
 * A reply function for the fake Messages API: a routing request is answered with what `answer`
 * returns for its question (a candidate, or anything else to test refusals); every other
 * request gets the default echo reply.
 */
export function routingReply(
  answer: (question: RoutingQuestion) => string | ScriptedReply,
): ReplyFunction {
  return (body: MessageRequestBody) => {
    const question = routingQuestion(body);
    if (question === undefined) return echoReply(body);
    const reply = answer(question);
    return typeof reply === 'string' ? { text: reply } : reply;
  };
}
