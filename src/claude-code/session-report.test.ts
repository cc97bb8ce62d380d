import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport, messageCost, modelInfoFor } from './session-report.js';
import { readTranscript } from './transcript.js';
import type { TranscriptEntry } from './transcript.js';
import { bundledModelTable, costOf } from '../models/index.js';
import type { ModelTable } from '../models/index.js';

const fixtures = new URL('../../test/fixtures/transcripts/', import.meta.url);
const REAL = 'claude-code-2.1.197/fba7221b-504c-4517-a271-3428c91ef06b';
const REAL_FILES = [`${REAL}.jsonl`, `${REAL}/subagents/agent-a8b94b85b324cf173.jsonl`];
const fixture = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const table = bundledModelTable();

function entriesOf(...names: string[]): TranscriptEntry[] {
  return names.flatMap((name) => readTranscript(fixture(name)).entries);
}

interface RawLine {
  message?: {
    id?: string;
    model?: string;
    usage?: Record<string, number | undefined>;
  };
}

/** Sums usage straight from the JSON, one message id once: the oracle for the report. */
function independentTotals(names: readonly string[], dedupe: boolean) {
  const seen = new Set<string>();
  const totals = { messages: 0, input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const name of names)
    for (const line of fixture(name).split('\n')) {
      if (line.trim() === '') continue;
      const usage = (JSON.parse(line) as RawLine).message?.usage;
      const id = (JSON.parse(line) as RawLine).message?.id;
      if (usage === undefined || id === undefined) continue;
      if (dedupe && seen.has(id)) continue;
      seen.add(id);
      totals.messages += 1;
      totals.input += usage.input_tokens ?? 0;
      totals.output += usage.output_tokens ?? 0;
      totals.cacheWrite += usage.cache_creation_input_tokens ?? 0;
      totals.cacheRead += usage.cache_read_input_tokens ?? 0;
    }
  return totals;
}

describe('buildReport on a real Claude Code session with a subagent', () => {
  const report = buildReport(entriesOf(...REAL_FILES), table);

  it('names the session, its Claude Code version and its span', () => {
    expect(report).toMatchObject({
      sessionId: 'fba7221b-504c-4517-a271-3428c91ef06b',
      claudeCodeVersion: '2.1.197',
      startedAt: '2026-12-01T11:24:10.862Z',
      endedAt: '2026-12-01T11:24:11.085Z',
      durationMs: 223,
      prompts: 1,
      orphanResults: 0,
    });
  });

  it('counts every API message once, matching the transcript summed independently', () => {
    const oracle = independentTotals(REAL_FILES, true);
    expect(report.totals).toMatchObject({
      messages: oracle.messages,
      inputTokens: oracle.input,
      outputTokens: oracle.output,
      cacheWriteTokens: oracle.cacheWrite,
      cacheReadTokens: oracle.cacheRead,
    });
    expect(oracle.messages).toBe(6);
    // Summing every line would double-count the two messages written as two lines each.
    const naive = independentTotals(REAL_FILES, false);
    expect(naive.messages).toBe(8);
    expect(report.totals.cacheWriteTokens).toBeLessThan(naive.cacheWrite);
  });

  it('prices each model from the table, a dated snapshot id included', () => {
    expect(report.unpricedModels).toEqual([]);
    expect(report.models.map((usage) => [usage.model, usage.messages, usage.priced])).toEqual([
      ['claude-sonnet-5-5', 4, true],
      ['claude-haiku-4-5-20251001', 2, true],
    ]);
    const sonnet = report.models[0];
    const sonnetInfo = table.models['claude-sonnet-5-5'];
    if (sonnet === undefined || sonnetInfo === undefined) throw new Error('fixture changed');
    // Each message here is under the long-context threshold, so pricing the sum equals the sum.
    expect(sonnet.costUsd).toBeCloseTo(
      costOf(
        {
          inputTokens: sonnet.inputTokens,
          outputTokens: sonnet.outputTokens,
          cacheWriteTokens: sonnet.cacheWriteTokens,
          cacheReadTokens: sonnet.cacheReadTokens,
        },
        sonnetInfo,
      ),
      10,
    );
    expect(report.totals.costUsd).toBeCloseTo(
      report.models.reduce((sum, usage) => sum + usage.costUsd, 0),
      10,
    );
    expect(report.totals.costUsd).toBeGreaterThan(0);
  });

  it('pairs tool results with their calls, timing them and flagging errors', () => {
    expect(report.tools).toEqual([
      { name: 'Bash', calls: 3, failures: 2, pending: 0, totalDurationMs: 52 + 20 + 12 },
      { name: 'Agent', calls: 1, failures: 0, pending: 0, totalDurationMs: 37 },
    ]);
    expect(
      report.failures.map((failure) => [failure.agentId, failure.input, failure.result]),
    ).toEqual([
      [undefined, 'ls /nonexistent-dir', 'Exit code 2'],
      ['a8b94b85b324cf173', 'exit 3', 'Exit code 3'],
    ]);
  });

  it('links the Agent call to its subagent sidechain', () => {
    expect(report.delegations).toEqual([
      {
        toolUseId: 'toolu_fake_000003',
        subagentType: 'helper',
        description: 'Run check',
        at: '2026-12-01T11:24:11.039Z',
        parentAgentId: undefined,
        agentId: 'a8b94b85b324cf173',
        status: 'completed',
        durationMs: expect.any(Number) as number,
        toolCalls: 1,
        failures: 1,
        costUsd: report.models[1]?.costUsd,
        result: 'Helper done: the check failed with exit 3.',
      },
    ]);
  });

  it('interleaves the subagent into one time-ordered timeline', () => {
    expect(
      report.timeline.map((event) =>
        event.kind === 'tool'
          ? `${event.agentId === undefined ? '' : 'sub '}tool ${event.name} ${event.status}`
          : `${event.agentId === undefined ? '' : 'sub '}${event.kind} ${event.text}`,
      ),
    ).toEqual([
      'prompt Say hi then ask helper',
      'assistant I will run a command.',
      'tool Bash ok',
      'assistant ',
      'tool Bash error',
      'assistant ',
      'tool Agent ok',
      'sub prompt Please run the check.',
      'sub assistant Checking.',
      'sub tool Bash error',
      'sub assistant Helper done: the check failed with exit 3.',
      'assistant All done.',
    ]);
  });
});

describe('buildReport on a damaged transcript', () => {
  const report = buildReport(readTranscript(fixture('malformed.jsonl')).entries, table);

  it('reports what it could read: one prompt, one failure, one pending call, one orphan', () => {
    expect(report.prompts).toBe(1);
    expect(report.orphanResults).toBe(1);
    expect(report.tools).toEqual([
      { name: 'Bash', calls: 1, failures: 1, pending: 0, totalDurationMs: 2500 },
      { name: 'Read', calls: 1, failures: 0, pending: 1, totalDurationMs: 0 },
    ]);
    expect(report.failures[0]?.result).toBe('Exit code 1');
  });

  it('flags an unknown model, prices it 0, and leaves synthetic messages out', () => {
    expect(report.unpricedModels).toEqual(['claude-imaginary-9']);
    expect(report.models.map((usage) => [usage.model, usage.costUsd])).toEqual([
      // msg_3: 10×2 + 20×10 + 500×2.5 (5m) + 1500×4 (1h) + 500×0.2, per million
      ['claude-sonnet-5-5-20260101', 0.00757],
      // msg_1 once, though written on two lines: 100×2 + 50×10 + 1000×2.5
      ['claude-sonnet-5-5', 0.0032],
      ['claude-imaginary-9', 0],
    ]);
    expect(report.totals).toEqual({
      messages: 3,
      inputTokens: 117,
      outputTokens: 73,
      cacheWriteTokens: 3000,
      cacheReadTokens: 1500,
      costUsd: 0.01077,
    });
  });
});

function assistant(
  line: number,
  id: string,
  usage: { input: number; output: number },
  extra: Partial<TranscriptEntry> = {},
): TranscriptEntry {
  return {
    line,
    type: 'assistant',
    uuid: `u${line}`,
    parentUuid: undefined,
    timestamp: `2026-01-01T00:00:0${line}.000Z`,
    sessionId: 's',
    version: undefined,
    cwd: undefined,
    isSidechain: false,
    agentId: undefined,
    isMeta: false,
    requestId: undefined,
    message: {
      id,
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content: [],
      usage: {
        inputTokens: usage.input,
        outputTokens: usage.output,
        cacheWriteTokens: 0,
        cacheReadTokens: 0,
        cacheWrite1hTokens: 0,
      },
    },
    toolUseResult: undefined,
    ...extra,
  };
}

describe('usage dedupe', () => {
  it('keeps the last line written for a message, and keys by request id when there is no id', () => {
    const entries = [
      assistant(1, 'msg_a', { input: 10, output: 1 }),
      assistant(2, 'msg_a', { input: 10, output: 40 }),
      assistant(3, 'msg_b', { input: 5, output: 5 }),
    ];
    const noId = (line: number): TranscriptEntry => {
      const base = assistant(line, '', { input: 1, output: 1 }, { requestId: 'req_x' });
      return { ...base, message: base.message && { ...base.message, id: undefined } };
    };
    const report = buildReport([...entries, noId(4), noId(5)], table);
    expect(report.totals).toMatchObject({ messages: 3, inputTokens: 16, outputTokens: 46 });
    expect(report.timeline.filter((event) => event.kind === 'assistant')).toHaveLength(3);
  });
});

describe('pricing helpers', () => {
  it('matches dated and [1m]-tagged model ids to table entries', () => {
    expect(modelInfoFor('claude-haiku-4-5-20251001', table)).toBe(table.models['claude-haiku-4-5']);
    expect(modelInfoFor('claude-opus-5-5[1m]', table)).toBe(table.models['claude-opus-5-5']);
    expect(modelInfoFor('claude-opus-4-8', table)).toBeUndefined();
  });

  it('prices 1-hour cache writes at the 1-hour rate, under the long-context multiplier too', () => {
    const model: ModelTable['models'][string] = {
      contextWindow: 1_000_000,
      maxOutputTokens: 1000,
      pricing: { input: 1, output: 1, cacheWrite5m: 2, cacheWrite1h: 10, cacheRead: 0 },
      longContext: { aboveInputTokens: 100, multiplier: 3 },
    };
    const usage = {
      inputTokens: 0,
      outputTokens: 0,
      cacheWriteTokens: 1_000_000,
      cacheReadTokens: 0,
      cacheWrite1hTokens: 250_000,
    };
    expect(messageCost(usage, model)).toBeCloseTo((750_000 * 2 + 250_000 * 10) * 3e-6, 10);
  });
});

describe('delegations without a result', () => {
  it('match an unclaimed sidechain by prompt and stay pending', () => {
    const call = assistant(1, 'msg_1', { input: 1, output: 1 });
    const delegate: TranscriptEntry = {
      ...call,
      message: call.message && {
        ...call.message,
        content: [
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'Task',
            input: { subagent_type: 'reviewer', description: 'Review', prompt: 'Review it' },
          },
        ],
      },
    };
    const withPrompt: TranscriptEntry = {
      ...assistant(2, 'msg_2', { input: 1, output: 1 }),
      type: 'user',
      isSidechain: true,
      agentId: 'agent-x',
      message: {
        id: undefined,
        role: 'user',
        model: undefined,
        usage: undefined,
        content: [{ type: 'text', text: 'Review it' }],
      },
    };
    const report = buildReport([delegate, withPrompt], table);
    expect(report.prompts).toBe(0);
    expect(report.delegations).toMatchObject([
      { subagentType: 'reviewer', agentId: 'agent-x', status: 'pending', durationMs: undefined },
    ]);
  });
});
