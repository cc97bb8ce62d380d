/**
 * What the page's browser tests show, recorded for real into a DashboardDaemon: three Claude Code
 * sessions through the hook routes (prompts, tool calls, delegations, transcripts with usage),
 * agent runs and workflows appended to the project's store with their checkpoint rows, and
 * memory entries written through MemoryStore. Every figure a test checks derives from here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStore } from '../../../memory/index.js';
import type { NewEventRecord, Store } from '../../../store/index.js';
import type { DashboardDaemon } from './dashboard-daemon.js';
import { recordFinishedWorkflow, startWorkflow } from './recorded-workflow.js';

export const XSS_TEXT = '<img src=x onerror=alert(1)><script>alert(2)</script>';
/** In the XSS prompt's payload: HTML that must stay text inside the payload view too. */
export const PAYLOAD_HTML = '</pre><b>bold?</b>';
/** Newest activity, 86% of its context window used. */
export const SESSION_A = '5f1c2a9e-7b0d-4c1e-9a55-0d3e6a7b8c9d';
/** No transcript: context unknown. */
export const SESSION_B = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
/** Oldest, ended, 98% of its window. */
export const SESSION_C = 'c9d8e7f6-0000-4000-8000-000000000001';
export const RUNNING_RUN = 'wf-feature-pipeline-ab12';
const HOUR_MS = 3_600_000;

/** Ids and sums the tests check. */
export interface Scene {
  /** The id of the UserPromptSubmit whose prompt is XSS_TEXT. */
  readonly xssEventId: number;
  /** Moves the running workflow on by one stage (the next steps finish, the ones after start). */
  advance(): void;
}

/** Records the whole scene. */
export async function recordScene(daemon: DashboardDaemon): Promise<Scene> {
  await recordSessions(daemon);
  const xssEventId =
    daemon.store.events
      .list({ type: 'hook.UserPromptSubmit', session: SESSION_A, limit: 50 })
      .find((record) => (record.payload as { prompt?: unknown }).prompt === XSS_TEXT)?.id ?? 0;
  const now = Date.now();
  appendCalls(daemon.store, [
    {
      run: 'run-7f3e',
      agent: 'reviewer',
      model: 'claude-haiku-4-5',
      costUsd: 0.0123,
      ts: now - 2 * HOUR_MS,
    },
    {
      run: 'run-8a01',
      agent: 'coder',
      model: 'claude-sonnet-5',
      costUsd: 0.2104,
      ts: now - HOUR_MS,
    },
  ]);
  recordFinishedWorkflow(daemon.store, now - 26 * HOUR_MS);
  const workflow = startWorkflow(daemon.store, RUNNING_RUN, now);
  workflow.advance();
  writeMemory(daemon.store, daemon.project);
  return {
    xssEventId,
    advance: () => {
      workflow.advance();
    },
  };
}

/** Three sessions, oldest first, so SESSION_A is the most recently active. */
async function recordSessions(daemon: DashboardDaemon): Promise<void> {
  const transcriptC = transcript(daemon.scratch, 'c', 'claude-haiku-4-5', 196_000);
  await daemon.hook('SessionStart', SESSION_C, { source: 'startup', transcript_path: transcriptC });
  await daemon.hook('UserPromptSubmit', SESSION_C, {
    prompt: 'summarise the changelog',
    transcript_path: transcriptC,
  });
  await toolCall(daemon, SESSION_C, 'Read', 'toolu_c1', { file_path: 'CHANGELOG.md' }, false);
  await daemon.hook('SessionEnd', SESSION_C, { reason: 'exit' });

  await daemon.hook('SessionStart', SESSION_B, { source: 'startup' });
  await daemon.hook('UserPromptSubmit', SESSION_B, { prompt: 'why does the build fail?' });
  await toolCall(daemon, SESSION_B, 'Bash', 'toolu_b1', { command: 'npm run build' }, true);
  await daemon.hook('SubagentStart', SESSION_B, { agent_id: 'agent-b1', agent_type: 'reviewer' });
  await toolCall(daemon, SESSION_B, 'Grep', 'toolu_b2', { pattern: 'TODO' }, false);
  await daemon.hook('SubagentStop', SESSION_B, {
    agent_id: 'agent-b1',
    agent_type: 'reviewer',
    last_assistant_message: 'done',
  });

  const transcriptA = transcript(daemon.scratch, 'a', 'claude-sonnet-5', 860_000);
  await daemon.hook('SessionStart', SESSION_A, { source: 'startup', transcript_path: transcriptA });
  await daemon.hook('UserPromptSubmit', SESSION_A, {
    prompt: XSS_TEXT,
    transcript_path: transcriptA,
    note: PAYLOAD_HTML,
  });
  await toolCall(daemon, SESSION_A, 'Bash', 'toolu_a1', { command: 'npm test -- --run' }, false);
  await daemon.hook('PreToolUse', SESSION_A, {
    tool_name: 'Agent',
    tool_use_id: 'toolu_ag1',
    tool_input: { subagent_type: 'researcher', description: 'Find where retries are configured' },
  });
  await daemon.hook('SubagentStart', SESSION_A, { agent_id: 'agent-a1', agent_type: 'researcher' });
  await toolCall(daemon, SESSION_A, 'Grep', 'toolu_a2', { pattern: 'retries' }, false);
  await daemon.hook('SubagentStop', SESSION_A, {
    agent_id: 'agent-a1',
    agent_type: 'researcher',
    last_assistant_message: 'done',
  });
  await daemon.hook('PostToolUse', SESSION_A, { tool_name: 'Agent', tool_use_id: 'toolu_ag1' });
  await daemon.hook('PreToolUse', SESSION_A, {
    tool_name: 'Agent',
    tool_use_id: 'toolu_ag2',
    tool_input: { subagent_type: 'coder', description: XSS_TEXT },
  });
  await daemon.hook('SubagentStart', SESSION_A, { agent_id: 'agent-a2', agent_type: 'coder' });
  await toolCall(daemon, SESSION_A, 'Edit', 'toolu_a3', { file_path: 'src/retry.ts' }, false);
}

async function toolCall(
  daemon: DashboardDaemon,
  session: string,
  tool: string,
  id: string,
  input: Readonly<Record<string, unknown>>,
  failed: boolean,
): Promise<void> {
  await daemon.hook('PreToolUse', session, { tool_name: tool, tool_use_id: id, tool_input: input });
  await daemon.hook(failed ? 'PostToolUseFailure' : 'PostToolUse', session, {
    tool_name: tool,
    tool_use_id: id,
  });
}

/** A transcript whose last assistant message puts `contextTokens` in the model's context. */
function transcript(dir: string, name: string, model: string, contextTokens: number): string {
  const file = join(dir, `${name}.jsonl`);
  const line = (id: string, input: number, cacheRead: number) =>
    JSON.stringify({
      type: 'assistant',
      message: {
        id,
        model,
        usage: { input_tokens: input, output_tokens: 900, cache_read_input_tokens: cacheRead },
      },
    });
  writeFileSync(
    file,
    `${line('m1', 1_500, 20_000)}\n${line('m2', 2_000, contextTokens - 2_000)}\n`,
  );
  return file;
}

export interface RecordedCall {
  readonly run: string;
  readonly agent: string;
  readonly model: string;
  readonly costUsd: number;
  readonly ts: number;
}

/** Agent runs' model calls, as `claude-hybrid run` records them (run.completed). */
export function appendCalls(store: Store, calls: readonly RecordedCall[]): void {
  store.events.appendBatch(
    calls.map((call): NewEventRecord => ({
      ts: Math.round(call.ts),
      type: 'run.completed',
      source: 'cli',
      run: call.run,
      payload: {
        runId: call.run,
        agent: call.agent,
        model: call.model,
        provider: 'anthropic',
        simulated: false,
        cached: false,
        inputTokens: 12_000,
        outputTokens: 1_800,
        cacheWriteTokens: 2_000,
        cacheReadTokens: 30_000,
        costUsd: call.costUsd,
        durationMs: 4_200,
        attempts: 1,
      },
    })),
  );
}

/** Every costUsd the scene recorded (run.completed and step.completed), summed as the daemon does. */
export function recordedCost(store: Store): number {
  let total = 0;
  for (const type of ['run.completed', 'step.completed'])
    for (const record of store.events.list({ type, limit: 10_000 }))
      total += (record.payload as { costUsd: number }).costUsd;
  return Math.round(total * 1e10) / 1e10;
}

function writeMemory(store: Store, project: string): void {
  const memory = new MemoryStore({
    db: store.db,
    dir: join(project, '.claude-hybrid', 'memories'),
  });
  memory.add('coder', 'Use vitest; integration tests end in .int.test.ts.', 'Patterns');
  memory.add('reviewer', XSS_TEXT, 'Gotchas');
  memory.add(
    'coder',
    'esbuild bundles each seam into dist/*.cjs.\nRun npm run build first.',
    'Environment',
  );
}

/**
 * `count` events as a busy project's log holds them (prompts, tool calls), appended in batches
 * of 10,000 so 200,000 take a second or two.
 */
export function appendHistory(store: Store, count: number): void {
  const types = ['hook.PreToolUse', 'hook.PostToolUse', 'tool.completed', 'hook.UserPromptSubmit'];
  const start = Date.now() - count * 1_000;
  for (let from = 0; from < count; from += 10_000) {
    const batch: NewEventRecord[] = [];
    for (let index = from; index < Math.min(count, from + 10_000); index += 1) {
      const type = types[index % types.length] ?? 'hook.PreToolUse';
      batch.push({
        ts: start + index * 1_000,
        type,
        source: 'daemon',
        session: index % 3 === 0 ? SESSION_B : SESSION_A,
        payload:
          type === 'hook.UserPromptSubmit'
            ? { prompt: `Prompt number ${String(index)}: fix the flaky test` }
            : type === 'tool.completed'
              ? {
                  toolUseId: `toolu_${String(index)}`,
                  toolName: 'Bash',
                  durationMs: index % 5_000,
                  failed: false,
                }
              : {
                  tool_name: 'Bash',
                  tool_input: { command: `npm test -- --shard ${String(index % 9)}` },
                },
      });
    }
    store.events.appendBatch(batch);
  }
}
