/**
 * Handoffs: an earlier step's output quoted in a later step's task, held to a token budget so a
 * long answer cannot crowd out the task or overflow the model's context window. Over budget, the
 * output is cut at the last paragraph, line or sentence boundary that fits, and the cut is said.
 */

/** Characters per token, the same rough measure the rest of the engine estimates with. */
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** `text` cut to about `maxTokens` at a natural boundary, with a note of what was left out. */
export function cutToBudget(text: string, maxTokens: number, label: string): string {
  const limit = maxTokens * CHARS_PER_TOKEN;
  if (text.length <= limit) return text;
  const head = text.slice(0, limit);
  const floor = Math.floor(limit / 2);
  let end = head.lastIndexOf('\n\n');
  if (end < floor) end = head.lastIndexOf('\n');
  if (end < floor) end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n')) + 1;
  if (end < floor) end = head.lastIndexOf(' ');
  if (end < floor) end = limit;
  const dropped = estimateTokens(text.slice(end));
  return `${text.slice(0, end).trimEnd()}\n[… ${label} cut here: about ${dropped} more tokens]`;
}

/**
 * The token budget for each quoted output in a step: its handoff budget, but never more than an
 * equal share of half the model's context window, which leaves the rest for the agent's prompt,
 * the task's own words and the answer.
 */
export function handoffBudget(
  maxTokens: number,
  contextWindow: number,
  quotedOutputs: number,
): number {
  const share = Math.floor(contextWindow / 2 / Math.max(1, quotedOutputs));
  return Math.max(1, Math.min(maxTokens, share));
}
