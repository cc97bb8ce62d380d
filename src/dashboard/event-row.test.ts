import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/index.js';
import { eventRow } from './event-row.js';

const record = (type: string, payload: unknown): EventRecord => ({
  id: 7,
  ts: 1,
  type,
  version: 1,
  source: 'daemon',
  session: 'S',
  run: null,
  payload,
});

describe('eventRow', () => {
  it('gives each kind of event its line of text and its agent', () => {
    const cases: [string, unknown, string, string | null][] = [
      ['hook.UserPromptSubmit', { prompt: 'fix\nthe\tbuild' }, 'fix the build', null],
      [
        'hook.PreToolUse',
        { tool_name: 'Bash', tool_input: { command: 'ls -la' } },
        'Bash: ls -la',
        null,
      ],
      [
        'hook.PreToolUse',
        { tool_name: 'Read', tool_input: { file_path: '/a.ts' } },
        'Read: /a.ts',
        null,
      ],
      ['hook.PostToolUse', { tool_name: 'Glob', tool_input: {} }, 'Glob', null],
      ['hook.SubagentStop', { agent_type: 'qa' }, 'qa', 'qa'],
      [
        'tool.completed',
        { toolName: 'Bash', durationMs: 12.4, failed: true },
        'Bash 12 ms failed',
        null,
      ],
      ['tool.denied', { command: 'rm -rf /' }, 'rm -rf /', null],
      ['agent.delegated', { subagentType: 'qa', description: 'tests' }, 'qa: tests', 'qa'],
      ['context.threshold', { threshold: 0.85 }, 'context at 85%', null],
      [
        'workflow.completed',
        { name: 'ship', status: 'succeeded', spentUsd: 1.5 },
        'ship · succeeded · $1.50',
        null,
      ],
      [
        'run.completed',
        {
          agent: 'engineer',
          model: 'm',
          inputTokens: 10,
          outputTokens: 5,
          costUsd: 0.0123,
          cached: true,
        },
        'engineer · m · 15 tokens · $0.0123 · cached',
        'engineer',
      ],
      ['mcp.called', { tool: 'memory_search' }, 'memory_search', null],
      ['something.new', { a: 1 }, '', null],
    ];
    for (const [type, payload, text, agent] of cases)
      expect([
        type,
        eventRow(record(type, payload)).text,
        eventRow(record(type, payload)).agent,
      ]).toEqual([type, text, agent]);
  });

  it('keeps one line of at most 500 characters and survives odd payloads', () => {
    const long = eventRow(record('hook.UserPromptSubmit', { prompt: 'x'.repeat(2_000) }));
    expect(long.text).toHaveLength(500);
    expect(long.text.endsWith('…')).toBe(true);
    for (const payload of [null, 'text', 42, [], { prompt: 7 }, { tool_input: 'no' }])
      expect(eventRow(record('hook.UserPromptSubmit', payload)).text).toBe('');
    expect(eventRow(record('hook.Notification', { message: 'a\u0000\u001b[31mb' })).text).toBe(
      'a [31mb',
    );
  });
});
