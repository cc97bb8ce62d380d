import { describe, expect, it } from 'vitest';
import type { TranscriptTotals } from '../claude-code/transcript-totals.js';
import { ActiveAgents } from './active-agents.js';
import {
  EMPTY_INPUT,
  fallbackStatusLine,
  mainAgentName,
  parseStatusLineInput,
  readStatusLineInput,
  renderStatusLine,
  statusLineFields,
  statusLineJson,
} from './status-line.js';
import type { StatusLineInput } from './status-line.js';

/** Claude Code 2.1.197's status-line input, as documented in its /statusline prompt. */
const CLAUDE_CODE_INPUT = {
  session_id: 'sess-1',
  transcript_path: '/home/u/.claude/projects/p/sess-1.jsonl',
  cwd: '/work/p',
  model: { id: 'claude-sonnet-5-5', display_name: 'Sonnet 5.5' },
  workspace: { current_dir: '/work/p', project_dir: '/work/p', added_dirs: [] },
  version: '2.1.197',
  output_style: { name: 'default' },
  cost: { total_cost_usd: 0.42, total_duration_ms: 1000 },
  context_window: { total_input_tokens: 1000, context_window_size: 200000, used_percentage: 12 },
};

const totals = (overrides: Partial<TranscriptTotals> = {}): TranscriptTotals => ({
  messages: 3,
  inputTokens: 10,
  outputTokens: 20,
  cacheWriteTokens: 0,
  cacheReadTokens: 0,
  costUsd: 1.234,
  model: 'claude-sonnet-5-5',
  contextTokens: 50_000,
  contextWindow: 200_000,
  unpricedModels: [],
  activeSubagent: undefined,
  bytesRead: 100,
  complete: true,
  ...overrides,
});

const input = (overrides: Partial<StatusLineInput> = {}): StatusLineInput => ({
  ...readStatusLineInput(CLAUDE_CODE_INPUT),
  ...overrides,
});

describe('the status line', () => {
  it("reads the fields it uses from Claude Code's input", () => {
    expect(readStatusLineInput(CLAUDE_CODE_INPUT)).toEqual({
      sessionId: 'sess-1',
      transcriptPath: '/home/u/.claude/projects/p/sess-1.jsonl',
      cwd: '/work/p',
      modelId: 'claude-sonnet-5-5',
      modelName: 'Sonnet 5.5',
      agentName: undefined,
      costUsd: 0.42,
      contextPercent: 12,
    });
    expect(readStatusLineInput({ agent: { name: 'code-architect' } }).agentName).toBe(
      'code-architect',
    );
    // Wrong types are ignored, not trusted.
    expect(readStatusLineInput({ session_id: 7, cost: { total_cost_usd: 'NaN' } })).toEqual(
      EMPTY_INPUT,
    );
  });

  it('parses text leniently: empty is no input, anything but an object is unusable', () => {
    expect(parseStatusLineInput('')).toEqual(EMPTY_INPUT);
    expect(parseStatusLineInput('{"session_id":"s"}')?.sessionId).toBe('s');
    expect(parseStatusLineInput('{"session_id":')).toBeUndefined();
    expect(parseStatusLineInput('[1,2]')).toBeUndefined();
    expect(parseStatusLineInput('null')).toBeUndefined();
    expect(parseStatusLineInput('{"__proto__":{"polluted":1}}')).toEqual(EMPTY_INPUT);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the running subagent first: the daemon’s, then the transcript’s, then --agent, then the model', () => {
    const fields = (
      runningSubagent: string | undefined,
      active: string | undefined,
      agent?: string,
    ) =>
      statusLineFields({
        input: input(agent === undefined ? {} : { agentName: agent }),
        totals: totals({ activeSubagent: active }),
        runningSubagent,
        daemonPort: 4000,
      });
    expect(fields('research', 'qa')).toMatchObject({ agent: 'research', subagent: true });
    expect(fields(undefined, 'qa')).toMatchObject({ agent: 'qa', subagent: true });
    expect(fields(undefined, undefined, 'pm')).toMatchObject({ agent: 'pm', subagent: false });
    expect(fields(undefined, undefined)).toMatchObject({ agent: 'Sonnet 5.5', subagent: false });
    const main = (agentName: string | undefined, mainAgent: string | undefined): string =>
      statusLineFields({
        input: input({ agentName }),
        totals: undefined,
        runningSubagent: undefined,
        daemonPort: undefined,
        mainAgent,
      }).agent;
    expect(main(undefined, 'pm')).toBe('pm');
    expect(main('architect', 'pm')).toBe('architect');
    expect(mainAgentName('pm')).toBe('pm');
    expect(mainAgentName('a b')).toBeUndefined();
    expect(mainAgentName('\u001b[2J')).toBeUndefined();
    expect(mainAgentName(null)).toBeUndefined();
    expect(
      statusLineFields({
        input: EMPTY_INPUT,
        totals: undefined,
        runningSubagent: undefined,
        daemonPort: undefined,
      }),
    ).toMatchObject({ agent: 'claude-hybrid', daemon: 'stopped', dashboard: undefined });
  });

  it("takes the context and the cost from the transcript, else from Claude Code's input", () => {
    const measured = statusLineFields({
      input: input(),
      totals: totals(),
      runningSubagent: undefined,
      daemonPort: 4000,
    });
    expect(measured).toMatchObject({
      contextPercent: 25,
      contextTokens: 50_000,
      contextWindow: 200_000,
      costUsd: 1.234,
      costSource: 'transcript',
      dashboard: 'http://127.0.0.1:4000/',
      daemon: 'running',
    });
    const fresh = statusLineFields({
      input: input(),
      totals: totals({ messages: 0, contextTokens: 0, costUsd: 0 }),
      runningSubagent: undefined,
      daemonPort: 4000,
    });
    expect(fresh).toMatchObject({ contextPercent: 12, costUsd: 0.42, costSource: 'claude-code' });
    expect(fresh.contextTokens).toBeUndefined();
  });

  it('renders one short line, colouring the context at 70, 85 and 95%', () => {
    const line = (percent: number, colour: boolean): string =>
      renderStatusLine(
        statusLineFields({
          input: input(),
          totals: totals({ contextTokens: percent * 2_000 }),
          runningSubagent: 'research',
          daemonPort: 4000,
        }),
        colour,
      );
    expect(line(42, false)).toBe('▸ research · ctx 42% · $1.23 · http://127.0.0.1:4000/');
    expect(line(69, true)).toContain('\u001b[32mctx 69%');
    expect(line(70, true)).toContain('\u001b[33mctx 70%');
    expect(line(85, true)).toContain('\u001b[31mctx 85%');
    expect(line(95, true)).toContain('\u001b[1;31mctx 95%');
    expect(line(42, true)).toContain('\u001b[1;36m▸ research\u001b[0m');
    expect(line(42, true)).not.toContain('\n');
    expect(fallbackStatusLine(undefined, false)).toBe('claude-hybrid · daemon stopped');
    expect(fallbackStatusLine(4000, false)).toBe('claude-hybrid · http://127.0.0.1:4000/');
  });

  it('keeps control characters from names out of the terminal, and cuts long ones', () => {
    const line = renderStatusLine(
      statusLineFields({
        input: input({ agentName: `evil\u001b]0;title\u0007\n${'x'.repeat(100)}` }),
        totals: undefined,
        runningSubagent: undefined,
        daemonPort: undefined,
      }),
      false,
    );
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(line).not.toMatch(/[\u0000-\u001f]/);
    expect(line.length).toBeLessThan(100);
  });

  it('prints the fields as JSON with null for what is not known', () => {
    const fields = statusLineFields({
      input: EMPTY_INPUT,
      totals: undefined,
      runningSubagent: undefined,
      daemonPort: undefined,
    });
    expect(JSON.parse(statusLineJson(fields))).toEqual({
      agent: 'claude-hybrid',
      subagent: false,
      model: null,
      contextPercent: null,
      contextTokens: null,
      contextWindow: null,
      costUsd: null,
      costSource: null,
      dashboard: null,
      daemon: 'stopped',
    });
    expect(JSON.parse(statusLineJson(undefined))).toEqual({
      error: 'the input is not a JSON object',
    });
  });
});

describe('ActiveAgents', () => {
  it('answers the latest subagent started and not stopped, per session', () => {
    const agents = new ActiveAgents();
    agents.started('s1', 'a1', 'research');
    agents.started('s1', 'a2', 'qa');
    agents.started('s2', 'a3', '');
    expect(agents.running('s1')).toBe('qa');
    expect(agents.running('s2')).toBe('subagent');
    agents.stopped('s1', 'a2');
    expect(agents.running('s1')).toBe('research');
    agents.stopped('s1', 'a1');
    expect(agents.running('s1')).toBeUndefined();
    agents.started('s2', undefined, 'ignored');
    agents.ended('s2');
    expect(agents.running('s2')).toBeUndefined();
  });
});
