import { fastHashHex } from '../files/index.js';
import type { AttemptResult } from '../resilience/index.js';
import type { CompleteOptions, ModelRequest, ModelResponse, Provider } from './types.js';

/** Every simulated answer starts with this, so nobody mistakes one for a model's. */
export const SIMULATED_LABEL = '[simulated]';

/** Characters of the task quoted after its first line. */
const MAX_QUOTED = 600;

/**
 * A deterministic offline model for demos and tests: the same request always gets the same
 * answer, built from the request itself (which agent, which model, the task), with usage
 * counted at four characters a token. It makes no network call and costs nothing real.
 */
export function simProvider(): Provider {
  return {
    name: 'sim',
    // async, so an aborted signal becomes a rejection like every other provider's
    // eslint-disable-next-line @typescript-eslint/require-await -- nothing to wait for: no I/O
    async complete(
      request: ModelRequest,
      options: CompleteOptions = {},
    ): Promise<AttemptResult<ModelResponse>> {
      options.signal?.throwIfAborted();
      const task = request.messages.at(-1)?.content ?? '';
      const firstLine = task.split('\n', 1)[0]?.trim() ?? '';
      const subject = firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine;
      // The rest of the task is quoted (bounded), so a workflow on sim shows what each step
      // was handed by the steps before it.
      const rest = task.slice(task.indexOf('\n') + 1).trim();
      const quoted =
        task.includes('\n') && rest !== ''
          ? `${(rest.length > MAX_QUOTED ? `${rest.slice(0, MAX_QUOTED)}...` : rest)
              .split('\n')
              .map((line) => `> ${line}`)
              .join('\n')}\n`
          : '';
      const text =
        `${SIMULATED_LABEL} ${request.model} would now work on: ${subject}\n${quoted}` +
        `No model was called. Run with --provider anthropic (and ANTHROPIC_API_KEY set) for a real answer.`;
      if (options.onText !== undefined)
        for (const word of text.split(/(?<= )/)) options.onText(word);
      const promptChars =
        request.system.reduce((sum, block) => sum + block.text.length, 0) +
        request.messages.reduce((sum, message) => sum + message.content.length, 0);
      const outputTokens = Math.min(request.maxTokens, Math.ceil(text.length / 4));
      return {
        value: {
          id: `sim_${fastHashHex(`${request.model}\n${promptChars}\n${task}`)}`,
          model: request.model,
          content: [{ type: 'text', text }],
          text,
          stopReason: 'end_turn',
          usage: {
            inputTokens: Math.ceil(promptChars / 4),
            outputTokens,
            cacheWriteTokens: 0,
            cacheReadTokens: 0,
          },
        },
      };
    },
  };
}
