import { describe, expect, it } from 'vitest';
import { SIMULATED_LABEL, simProvider } from './sim-provider.js';
import type { ModelRequest } from './types.js';

const request: ModelRequest = {
  model: 'claude-sonnet-5-5',
  system: [{ text: 'You are the engineer.' }],
  messages: [{ role: 'user', content: 'add a --json flag to report\nmore detail here' }],
  maxTokens: 1_000,
};

describe('simProvider', () => {
  it('answers deterministically, labelled as simulated, with estimated usage', async () => {
    const provider = simProvider();
    const first = await provider.complete(request);
    const again = await provider.complete(request);
    expect(first).toEqual(again);
    expect(first.value.text.startsWith(SIMULATED_LABEL)).toBe(true);
    expect(first.value.text).toContain('add a --json flag to report');
    // The rest of the task is quoted, so a workflow on sim shows what each step was handed.
    expect(first.value.text).toContain('\n> more detail here\n');
    expect(first.value.usage).toMatchObject({
      inputTokens: Math.ceil(
        ('You are the engineer.'.length + 'add a --json flag to report\nmore detail here'.length) /
          4,
      ),
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
    });
  });

  it('quotes at most 600 characters of the rest of the task', async () => {
    const long = {
      ...request,
      messages: [{ role: 'user' as const, content: `title\n${'x'.repeat(2_000)}` }],
    };
    const { text } = (await simProvider().complete(long)).value;
    expect(text).toContain(`> ${'x'.repeat(600)}...\n`);
    expect(text).not.toContain('x'.repeat(601));
  });

  it('streams the same text it returns, and honours an aborted signal', async () => {
    const deltas: string[] = [];
    const result = await simProvider().complete(request, { onText: (delta) => deltas.push(delta) });
    expect(deltas.join('')).toBe(result.value.text);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(simProvider().complete(request, { signal: controller.signal })).rejects.toThrow(
      'stop',
    );
  });
});
