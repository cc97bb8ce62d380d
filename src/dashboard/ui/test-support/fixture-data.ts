/**
 * Canned answers of the daemon's dashboard routes, shaped by api-types.ts, for the page's browser
 * tests and screenshots. Deterministic: every time derives from BASE_TS.
 */
import type {
  AgentsAnswer,
  CostAnswer,
  CostSeries,
  EventRow,
  LatencySummary,
  MemoryAnswer,
  PerformanceAnswer,
  ProjectsAnswer,
  RunDetailAnswer,
  RunsAnswer,
  SessionsAnswer,
  ToolsAnswer,
} from '../../api-types.js';

export const BASE_TS = Date.UTC(2026, 11, 6, 21, 0, 0);
export const PROJECT_ROOT = '/home/dev/my project & co';
export const XSS_TEXT = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const SESSION_A = '5f1c2a9e-7b0d-4c1e-9a55-0d3e6a7b8c9d';
const SESSION_B = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

export const projects: ProjectsAnswer = {
  version: '0.1.0',
  projects: [
    { root: PROJECT_ROOT, name: 'my project & co', events: 1200, lastTs: BASE_TS + 3_600_000 },
    { root: '/home/dev/other', name: 'other', events: 10, lastTs: BASE_TS - 86_400_000 },
  ],
};

const TYPES = ['hook.PreToolUse', 'hook.PostToolUse', 'tool.completed', 'hook.UserPromptSubmit'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep'];

/** `count` events, ids 1..count (id 7 carries the XSS text), oldest first. */
export function makeEvents(count: number): EventRow[] {
  const events: EventRow[] = [];
  for (let id = 1; id <= count; id += 1) {
    const type = TYPES[id % TYPES.length] ?? 'hook.PreToolUse';
    const tool = TOOLS[id % TOOLS.length] ?? 'Bash';
    const text =
      id === 7
        ? XSS_TEXT
        : type === 'hook.UserPromptSubmit'
          ? `Prompt number ${String(id)}: fix the flaky test`
          : tool === 'Bash'
            ? `npm test -- --run shard ${String(id % 9)}`
            : `${tool} src/file-${String(id % 40)}.ts`;
    events.push({
      id,
      ts: BASE_TS + id * 1000,
      type,
      source: 'hook',
      session: id % 3 === 0 ? SESSION_B : SESSION_A,
      run: null,
      agent: id % 5 === 0 ? 'reviewer' : null,
      text,
      payload: { tool_name: tool, tool_input: { command: text }, note: '</pre><b>bold?</b>' },
    });
  }
  return events;
}

export function latency(scale: number, count: number): LatencySummary {
  const bounds = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map((b) => b * scale);
  const counts = [2, 8, 20, 45, 60, 38, 22, 12, 6, 3, 1, 0, 0].map((c) =>
    Math.round((c * count) / 217),
  );
  return {
    count,
    p50: 40 * scale,
    p95: 480 * scale,
    p99: 1900 * scale,
    max: 4800 * scale,
    bounds,
    counts,
  };
}

export const tools: ToolsAnswer = {
  tools: [
    { name: 'Bash', calls: 412, failures: 9, latency: latency(10, 412) },
    { name: 'Read', calls: 988, failures: 0, latency: latency(0.5, 988) },
    { name: 'Edit', calls: 230, failures: 3, latency: latency(1, 230) },
    { name: 'mcp__claude-hybrid__memory_search', calls: 17, failures: 1, latency: latency(2, 17) },
  ],
  slowest: [
    {
      toolUseId: 'toolu_01',
      toolName: 'Bash',
      durationMs: 48_210,
      failed: false,
      ts: BASE_TS + 1000,
      session: SESSION_A,
      detail: 'npm run test:integration',
    },
    {
      toolUseId: 'toolu_02',
      toolName: 'Bash',
      durationMs: 12_045,
      failed: true,
      ts: BASE_TS + 2000,
      session: SESSION_B,
      detail: XSS_TEXT,
    },
  ],
  failures: [
    {
      toolUseId: 'toolu_02',
      toolName: 'Bash',
      durationMs: 12_045,
      failed: true,
      ts: BASE_TS + 2000,
      session: SESSION_B,
      detail: XSS_TEXT,
    },
  ],
};

export const agents: AgentsAnswer = {
  sessions: [
    {
      session: SESSION_A,
      startedTs: BASE_TS,
      delegations: [
        {
          toolUseId: 'toolu_a',
          agent: 'researcher',
          description: 'Find where retries are configured',
          ts: BASE_TS + 60_000,
          durationMs: 42_000,
          outcome: 'completed',
          tools: [
            { name: 'Grep', calls: 12, failures: 0 },
            { name: 'Read', calls: 7, failures: 0 },
          ],
          remembered: 2,
        },
        {
          toolUseId: 'toolu_b',
          agent: 'coder',
          description: XSS_TEXT,
          ts: BASE_TS + 120_000,
          durationMs: null,
          outcome: 'running',
          tools: [{ name: 'Edit', calls: 3, failures: 1 }],
          remembered: 0,
        },
      ],
    },
    {
      session: SESSION_B,
      startedTs: BASE_TS - 7_200_000,
      delegations: [
        {
          toolUseId: null,
          agent: 'reviewer',
          description: null,
          ts: BASE_TS - 7_000_000,
          durationMs: 9_000,
          outcome: 'failed',
          tools: [],
          remembered: 0,
        },
      ],
    },
  ],
};

export const RUNNING_RUN = 'wf-2026-12-06-ab12';
export const runs: RunsAnswer = {
  runs: [
    {
      runId: RUNNING_RUN,
      kind: 'workflow',
      name: 'feature-pipeline',
      status: 'running',
      startedTs: BASE_TS + 3_000_000,
      durationMs: null,
      costUsd: 0.4213,
      tokens: 182_000,
    },
    {
      runId: 'run-7f3e',
      kind: 'run',
      name: 'reviewer',
      status: 'succeeded',
      startedTs: BASE_TS + 1_000_000,
      durationMs: 18_400,
      costUsd: 0.0123,
      tokens: 9_800,
    },
    {
      runId: 'wf-old-9',
      kind: 'workflow',
      name: 'release-notes',
      status: 'failed',
      startedTs: BASE_TS - 90_000_000,
      durationMs: 95_000,
      costUsd: 0.081,
      tokens: 40_100,
    },
  ],
};

export function runDetail(runId: string, stage: number): RunDetailAnswer | null {
  const run = runs.runs.find((candidate) => candidate.runId === runId);
  if (run === undefined) return null;
  const status = (ready: number) =>
    stage > ready ? 'succeeded' : stage === ready ? 'running' : 'pending';
  const step = (id: string, agent: string, needs: string[], ready: number) => ({
    id,
    agent,
    needs,
    status:
      run.status === 'running'
        ? status(ready)
        : run.status === 'failed' && id === 'review'
          ? 'failed'
          : 'succeeded',
    durationMs: stage > ready || run.status !== 'running' ? 12_000 + ready * 3000 : null,
    inputTokens: 12_000,
    outputTokens: 1_800,
    costUsd: 0.0421 * (ready + 1),
    iterations: 1,
  });
  return {
    run,
    steps: [
      step('plan', 'architect', [], 0),
      step('research', 'researcher', ['plan'], 1),
      step('implement', 'coder', ['plan'], 1),
      step('tests', 'tester', ['implement'], 2),
      step('review', 'reviewer', ['research', 'tests'], 3),
      step('ship', 'release', ['review'], 4),
    ],
  };
}

const HOURS = 24;
function series(scale: number, seed: number): CostSeries {
  const wave = (index: number) => Math.max(0, Math.sin((index + seed) / 3) + 1) * scale;
  const values = (factor: number) =>
    Array.from({ length: HOURS }, (_, index) => Math.round(wave(index) * factor));
  return {
    costUsd: Array.from({ length: HOURS }, (_, index) => wave(index) / 10),
    inputTokens: values(20_000),
    outputTokens: values(3_000),
    cacheReadTokens: values(60_000),
    cacheWriteTokens: values(8_000),
  };
}
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const byModel = { 'claude-sonnet-4-5': series(1, 0), 'claude-haiku-4-5': series(0.2, 4) };
export const cost: CostAnswer = {
  buckets: Array.from({ length: HOURS }, (_, index) => BASE_TS - (HOURS - index) * 3_600_000),
  byModel,
  byAgent: { coder: series(0.6, 1), reviewer: series(0.3, 2), researcher: series(0.2, 5) },
  totals: {
    calls: 312,
    costUsd: sum(Object.values(byModel).flatMap((model) => model.costUsd)),
    inputTokens: sum(Object.values(byModel).flatMap((model) => model.inputTokens)),
    outputTokens: sum(Object.values(byModel).flatMap((model) => model.outputTokens)),
    cacheReadTokens: sum(Object.values(byModel).flatMap((model) => model.cacheReadTokens)),
    cacheWriteTokens: sum(Object.values(byModel).flatMap((model) => model.cacheWriteTokens)),
  },
};

export const performance: PerformanceAnswer = {
  modelCalls: latency(20, 312),
  hooks: latency(0.05, 5400),
  mcpTools: { count: 0, p50: null, p95: null, p99: null, max: null, bounds: [], counts: [] },
  toolCalls: latency(2, 1630),
  cache: { hits: 41, misses: 271, hitRate: 41 / 312 },
  retries: { retriedCalls: 6, extraAttempts: 9 },
};

export const memory: MemoryAnswer = {
  agents: ['coder', 'reviewer'],
  entries: [
    {
      agent: 'coder',
      section: 'Conventions',
      text: 'Use vitest; integration tests end in .int.test.ts.',
      score: null,
    },
    { agent: 'reviewer', section: 'Pitfalls', text: XSS_TEXT, score: null },
    {
      agent: 'coder',
      section: 'Build',
      text: 'esbuild bundles each seam into dist/*.cjs.\nRun npm run build first.',
      score: null,
    },
  ],
};

export const sessions: SessionsAnswer = {
  sessions: [
    {
      session: SESSION_A,
      firstTs: BASE_TS,
      lastTs: BASE_TS + 3_600_000,
      events: 800,
      prompts: 14,
      toolCalls: 210,
      delegations: 2,
      ended: false,
      model: 'claude-sonnet-4-5',
      contextTokens: 172_000,
      contextWindow: 200_000,
      contextShare: 0.86,
      inputTokens: 1_200_000,
      outputTokens: 86_000,
      cacheReadTokens: 9_400_000,
      cacheWriteTokens: 610_000,
      costUsd: 7.4312,
    },
    {
      session: SESSION_B,
      firstTs: BASE_TS - 7_200_000,
      lastTs: BASE_TS - 6_000_000,
      events: 400,
      prompts: 3,
      toolCalls: 40,
      delegations: 1,
      ended: true,
      model: null,
      contextTokens: null,
      contextWindow: null,
      contextShare: null,
      inputTokens: 30_000,
      outputTokens: 4_000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.0831,
    },
    {
      session: 'c9d8e7f6-0000-4000-8000-000000000001',
      firstTs: BASE_TS - 9_000_000,
      lastTs: BASE_TS - 8_000_000,
      events: 90,
      prompts: 1,
      toolCalls: 9,
      delegations: 0,
      ended: true,
      model: 'claude-haiku-4-5',
      contextTokens: 196_000,
      contextWindow: 200_000,
      contextShare: 0.98,
      inputTokens: 8_000,
      outputTokens: 1_000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.004,
    },
  ],
};
