import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTranscript } from './transcript.js';

const fixtures = new URL('../../test/fixtures/transcripts/', import.meta.url);
const REAL = 'claude-code-2.1.197/fba7221b-504c-4517-a271-3428c91ef06b';
const fixture = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

describe('readTranscript', () => {
  it('reads a real Claude Code 2.1.197 transcript without problems', () => {
    const { entries, problems } = readTranscript(fixture(`${REAL}.jsonl`));
    expect(problems).toEqual([]);
    expect(entries.map((entry) => entry.type)).toEqual([
      'queue-operation',
      'queue-operation',
      'user',
      'attachment',
      'attachment',
      'assistant',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'last-prompt',
    ]);
    const prompt = entries[2];
    expect(prompt).toMatchObject({
      line: 3,
      sessionId: 'fba7221b-504c-4517-a271-3428c91ef06b',
      version: '2.1.197',
      isSidechain: false,
      message: { role: 'user', content: [{ type: 'text', text: 'Say hi then ask helper' }] },
    });
    // One API message, written as one line per content block, each repeating id and usage.
    const [text, toolUse] = [entries[5], entries[6]];
    expect(text?.message?.id).toBe('msg_fake_000001');
    expect(toolUse?.message?.id).toBe('msg_fake_000001');
    expect(text?.requestId).toBe(toolUse?.requestId);
    expect(text?.message?.usage).toEqual(toolUse?.message?.usage);
    expect(toolUse?.message?.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_fake_000001',
        name: 'Bash',
        input: { command: 'echo hi', description: 'Say hi' },
      },
    ]);
    expect(text?.message?.usage).toEqual({
      inputTokens: 1584,
      outputTokens: 18,
      cacheWriteTokens: 26915,
      cacheReadTokens: 0,
      cacheWrite1hTokens: 0,
    });
  });

  it('joins a tool result given as text blocks and keeps the structured toolUseResult', () => {
    const { entries } = readTranscript(fixture(`${REAL}.jsonl`));
    const agentResult = entries[11];
    expect(agentResult?.message?.content[0]).toMatchObject({
      type: 'tool_result',
      toolUseId: 'toolu_fake_000003',
      isError: false,
    });
    const block = agentResult?.message?.content[0];
    expect(block?.type === 'tool_result' ? block.text : '').toMatch(
      /^Helper done: the check failed with exit 3\.\nagentId: a8b94b85b324cf173/,
    );
    expect(agentResult?.toolUseResult).toMatchObject({
      status: 'completed',
      agentId: 'a8b94b85b324cf173',
      agentType: 'helper',
    });
  });

  it('marks sidechain lines with their agent id', () => {
    const { entries, problems } = readTranscript(
      fixture(`${REAL}/subagents/agent-a8b94b85b324cf173.jsonl`),
    );
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(5);
    for (const entry of entries)
      expect(entry).toMatchObject({ isSidechain: true, agentId: 'a8b94b85b324cf173' });
  });

  it('reports garbage, non-object, wrongly typed and truncated lines by number, never throwing', () => {
    const { entries, problems } = readTranscript(fixture('malformed.jsonl'));
    expect(problems.map((problem) => problem.line)).toEqual([2, 5, 6, 8, 16]);
    expect(problems[0]?.message).toMatch(/^invalid JSON/);
    expect(problems[1]?.message).toBe('not a JSON object');
    expect(problems[3]?.message).toMatch(/message\.content/);
    expect(problems[4]?.message).toMatch(/^truncated or invalid JSON/);
    expect(entries.map((entry) => entry.line)).toEqual([1, 3, 4, 7, 8, 9, 10, 11, 13, 14, 15]);
    expect(entries.find((entry) => entry.type === 'brand-new-kind')).toBeDefined();
  });

  it('does not let a __proto__ key reach any prototype', () => {
    const { entries } = readTranscript(fixture('malformed.jsonl'));
    const polluted = entries.find((entry) => entry.uuid === 'u2');
    expect(polluted?.type).toBe('user');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
  });

  it('accepts CRLF line ends and a byte-order mark, and skips blank lines silently', () => {
    const text =
      '\uFEFF{"type":"user","message":{"role":"user","content":"hi"}}\r\n\r\n' +
      '{"type":"assistant","message":{"id":"m","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{"query":"q"}},{"type":"image"}]}}\r\n';
    const { entries, problems } = readTranscript(text);
    expect(problems).toEqual([]);
    expect(entries.map((entry) => entry.line)).toEqual([1, 3]);
    expect(entries[1]?.message?.content).toEqual([
      { type: 'tool_use', id: 's', name: 'web_search', input: { query: 'q' } },
      { type: 'other', blockType: 'image' },
    ]);
  });

  it('reads negative, non-numeric and missing usage fields as zero', () => {
    const { entries } = readTranscript(
      '{"type":"assistant","message":{"usage":{"input_tokens":-5,"output_tokens":"7"}}}',
    );
    expect(entries[0]?.message?.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      cacheWrite1hTokens: 0,
    });
  });
});
