import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import type { NewEventRecord } from '../store/index.js';
import { TranscriptReconciler, delegationKey, toolKey } from './transcript-reconciler.js';
import type { ReconcileStore } from './transcript-reconciler.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/transcripts/claude-code-2.1.197');
const SESSION = 'fba7221b-504c-4517-a271-3428c91ef06b';

/** A store that keeps records in memory and honours keys like the real one. */
class MemoryEvents implements ReconcileStore {
  readonly records: NewEventRecord[] = [];
  hasKey(key: string): boolean {
    return this.records.some((record) => record.key === key);
  }
  appendBatch(records: readonly NewEventRecord[]): number[] {
    const key = records[0]?.key;
    if (typeof key === 'string' && this.hasKey(key)) return [];
    this.records.push(...records);
    return records.map((_, index) => this.records.length - records.length + index);
  }
  payloads(type: string): Record<string, unknown>[] {
    return this.records
      .filter((record) => record.type === type)
      .map((record) => record.payload as Record<string, unknown>);
  }
}

let temp: { dir: string; cleanup: () => void };
let transcript: string;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-reconcile-');
  cpSync(FIXTURES, temp.dir, { recursive: true });
  transcript = join(temp.dir, `${SESSION}.jsonl`);
});
afterEach(() => {
  temp.cleanup();
});

describe('TranscriptReconciler', () => {
  it('records every tool pair of the session and its subagents, and each delegation', () => {
    const store = new MemoryEvents();
    const result = new TranscriptReconciler().reconcile(store, SESSION, transcript);
    expect(result).toEqual({ tools: 4, delegations: 1, skippedLines: 0 });
    const tools = store.payloads('tool.completed');
    expect(tools.map((tool) => [tool.toolUseId, tool.toolName, tool.failed, tool.agentId])).toEqual(
      [
        ['toolu_fake_000001', 'Bash', false, null],
        ['toolu_fake_000002', 'Bash', true, null],
        ['toolu_fake_000003', 'Agent', false, null],
        ['toolu_fake_000004', 'Bash', true, 'a8b94b85b324cf173'],
      ],
    );
    expect(tools.every((tool) => tool.reconciled === true)).toBe(true);
    expect(tools[0]?.toolInput).toEqual({ command: 'echo hi', description: 'Say hi' });
    expect(store.payloads('agent.delegated')).toEqual([
      {
        toolUseId: 'toolu_fake_000003',
        subagentType: 'helper',
        description: 'Run check',
        reconciled: true,
      },
    ]);
    // Keyed on the tool_use id; stamped with the transcript's time and session.
    expect(store.records.map((record) => record.key)).toContain(toolKey('toolu_fake_000004'));
    expect(store.records.every((record) => record.session === SESSION)).toBe(true);
    expect(store.records[0]?.ts).toBe(Date.parse('2026-12-01T11:24:10.982Z'));
  });

  it('replays are idempotent, in the same reconciler or a new one (a restarted daemon)', () => {
    const store = new MemoryEvents();
    const reconciler = new TranscriptReconciler();
    reconciler.reconcile(store, SESSION, transcript);
    expect(reconciler.knows(SESSION)).toBe(true);
    expect(reconciler.reconcile(store, SESSION, transcript)).toMatchObject({
      tools: 0,
      delegations: 0,
    });
    expect(new TranscriptReconciler().reconcile(store, SESSION, transcript)).toMatchObject({
      tools: 0,
      delegations: 0,
    });
    expect(store.records).toHaveLength(5);
  });

  it('leaves alone what hooks recorded already', () => {
    const store = new MemoryEvents();
    for (const key of [toolKey('toolu_fake_000001'), delegationKey('toolu_fake_000003')])
      store.records.push({ type: 'x', version: 1, ts: 0, source: 't', payload: {}, key });
    const result = new TranscriptReconciler().reconcile(store, SESSION, transcript);
    expect(result).toMatchObject({ tools: 3, delegations: 0 });
  });

  it('reads a transcript being written in parts: a pair split across reads, a cut last line', () => {
    const full = readFileSync(transcript, 'utf8');
    const lines = full.split('\n');
    // Up to the first tool_use, then half of the line after it (its result, still being written).
    const use = lines.findIndex((line) => line.includes('"id":"toolu_fake_000001"'));
    const head = `${lines.slice(0, use + 1).join('\n')}\n`;
    const result = lines[use + 1] ?? '';
    writeFileSync(transcript, head + result.slice(0, 40));
    const store = new MemoryEvents();
    const reconciler = new TranscriptReconciler();
    expect(reconciler.reconcile(store, SESSION, transcript)).toMatchObject({
      tools: 1, // the subagent's pair: its file is whole
      delegations: 0,
      skippedLines: 0,
    });
    writeFileSync(transcript, full);
    expect(reconciler.reconcile(store, SESSION, transcript)).toMatchObject({
      tools: 3,
      delegations: 1,
      skippedLines: 0,
    });
    expect(store.payloads('tool.completed').map((tool) => tool.toolName)).toEqual([
      'Bash',
      'Bash',
      'Bash',
      'Agent',
    ]);
    // Its duration runs from the tool_use line to the tool_result line.
    expect(store.payloads('tool.completed')[1]?.durationMs).toBeGreaterThan(0);
  });

  it('skips malformed and overlong lines and keeps going', () => {
    const lines = readFileSync(transcript, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"tool_use_id":"toolu_fake_000002"'));
    lines.splice(at, 0, '{"type":"user","message":', 'not json', '[1,2]', `"${'x'.repeat(300)}"`);
    writeFileSync(transcript, lines.join('\n'));
    const store = new MemoryEvents();
    const reconciler = new TranscriptReconciler(Date.now, {
      maxLineBytes: 256,
      maxReadBytes: 1024,
    });
    // With 256-byte lines most of this transcript is too long: nothing throws, and pairs on
    // lines that fit are still found.
    expect(() => reconciler.reconcile(store, SESSION, transcript)).not.toThrow();
    const roomy = new TranscriptReconciler();
    const result = roomy.reconcile(new MemoryEvents(), SESSION, transcript);
    expect(result).toEqual({ tools: 4, delegations: 1, skippedLines: 4 });
    // A line of its own that is too long is skipped, the next one read.
    const small = join(temp.dir, 'small.jsonl');
    const short = (id: string, type: 'tool_use' | 'tool_result') =>
      JSON.stringify(
        type === 'tool_use'
          ? {
              type: 'assistant',
              message: { role: 'assistant', content: [{ type, id, name: 'Read', input: {} }] },
            }
          : {
              type: 'user',
              message: { role: 'user', content: [{ type, tool_use_id: id, content: 'ok' }] },
            },
      );
    writeFileSync(small, `${short('a', 'tool_use')}\n${'y'.repeat(5000)}`);
    const tail = new TranscriptReconciler(Date.now, { maxLineBytes: 1000, maxReadBytes: 2048 });
    const smallStore = new MemoryEvents();
    expect(tail.reconcile(smallStore, 's', small)).toMatchObject({ tools: 0, skippedLines: 1 });
    appendFileSync(small, `${'y'.repeat(3000)}\n${short('a', 'tool_result')}\n`);
    expect(tail.reconcile(smallStore, 's', small)).toMatchObject({ tools: 1, skippedLines: 0 });
    expect(smallStore.payloads('tool.completed')[0]).toMatchObject({ toolName: 'Read' });
  });

  it('a missing transcript or a path that is no transcript reads as nothing', () => {
    const store = new MemoryEvents();
    const reconciler = new TranscriptReconciler();
    expect(reconciler.reconcile(store, 'a', join(temp.dir, 'gone.jsonl')).tools).toBe(0);
    expect(reconciler.reconcile(store, 'b', 'relative.jsonl').tools).toBe(0);
    expect(reconciler.reconcile(store, 'c', join(temp.dir, SESSION)).tools).toBe(0);
    expect(store.records).toEqual([]);
  });
});
