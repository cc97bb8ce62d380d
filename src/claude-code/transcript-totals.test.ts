import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledModelTable } from '../models/index.js';
import { buildReport } from './session-report.js';
import { readTranscript } from './transcript.js';
import { TranscriptTotalsReader } from './transcript-totals.js';

const REAL = new URL(
  '../../test/fixtures/transcripts/claude-code-2.1.197/fba7221b-504c-4517-a271-3428c91ef06b.jsonl',
  import.meta.url,
);
const table = bundledModelTable();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'transcript-totals-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Usage {
  input?: number;
  output?: number;
  write?: number;
  read?: number;
}

function assistant(
  id: string,
  usage: Usage,
  options: { model?: string; sidechain?: boolean; content?: unknown[] } = {},
): string {
  return JSON.stringify({
    type: 'assistant',
    isSidechain: options.sidechain ?? false,
    message: {
      id,
      role: 'assistant',
      model: options.model ?? 'claude-sonnet-5-5',
      content: options.content ?? [{ type: 'text', text: 'ok' }],
      usage: {
        input_tokens: usage.input ?? 0,
        output_tokens: usage.output ?? 0,
        cache_creation_input_tokens: usage.write ?? 0,
        cache_read_input_tokens: usage.read ?? 0,
      },
    },
  });
}

function toolResult(id: string): string {
  return JSON.stringify({
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'done' }] },
  });
}

describe('TranscriptTotalsReader', () => {
  it('matches the session report of a real Claude Code transcript', () => {
    const text = readFileSync(REAL, 'utf8');
    const path = join(dir, 'real.jsonl');
    writeFileSync(path, text);
    const report = buildReport(readTranscript(text).entries, table);
    const totals = new TranscriptTotalsReader().read(path);
    expect(totals).toMatchObject({
      messages: report.totals.messages,
      inputTokens: report.totals.inputTokens,
      outputTokens: report.totals.outputTokens,
      cacheWriteTokens: report.totals.cacheWriteTokens,
      cacheReadTokens: report.totals.cacheReadTokens,
      costUsd: report.totals.costUsd,
      model: 'claude-sonnet-5-5',
      // The last main-chain message: 0 input + 28,682 cache-write + 0 cache-read.
      contextTokens: 28_682,
      activeSubagent: undefined,
      bytesRead: Buffer.byteLength(text),
    });
    expect(report.totals.messages).toBe(4); // msg_fake_000001 is written on two lines
    expect(totals?.costUsd).toBeGreaterThan(0);
    expect(totals?.contextWindow).toBe(table.models['claude-sonnet-5-5']?.contextWindow);
  });

  it('reads only the new bytes once the file grew, and waits for a partial last line', () => {
    const path = join(dir, 'grow.jsonl');
    const first = assistant('msg_1', { input: 100, output: 10 });
    const second = assistant('msg_2', { input: 200, output: 20, read: 50 });
    writeFileSync(path, `${first}\n${second.slice(0, 40)}`);
    const reader = new TranscriptTotalsReader();
    expect(reader.read(path)).toMatchObject({
      messages: 1,
      inputTokens: 100,
      bytesRead: first.length + 1,
    });
    // Rewrite the first line in place (same length, same head): a reader that starts over
    // would count 900 input tokens; an incremental one never looks at it again.
    writeFileSync(path, `${first.replace('"input_tokens":100', '"input_tokens":900')}\n`);
    appendFileSync(path, `${second}\n`);
    expect(reader.read(path)).toMatchObject({
      messages: 2,
      inputTokens: 300,
      outputTokens: 30,
      cacheReadTokens: 50,
      contextTokens: 250,
    });
  });

  it('starts over when the file shrank or was replaced', () => {
    const path = join(dir, 'rotate.jsonl');
    const reader = new TranscriptTotalsReader();
    writeFileSync(
      path,
      `${assistant('msg_1', { input: 100 })}\n${assistant('msg_2', { input: 100 })}\n`,
    );
    expect(reader.read(path)?.inputTokens).toBe(200);
    writeFileSync(path, `${assistant('msg_3', { input: 7 })}\n`);
    expect(reader.read(path)).toMatchObject({ messages: 1, inputTokens: 7 });
    const other = join(dir, 'other.jsonl');
    writeFileSync(
      other,
      `${assistant('msg_4', { input: 5 })}\n${assistant('msg_5', { input: 5 })}\n`,
    );
    renameSync(other, path); // another inode, larger than what was read
    expect(reader.read(path)).toMatchObject({ messages: 2, inputTokens: 10 });
  });

  it('answers undefined for a missing file, another extension or a directory', () => {
    const reader = new TranscriptTotalsReader();
    expect(reader.read(join(dir, 'missing.jsonl'))).toBeUndefined();
    writeFileSync(join(dir, 'notes.txt'), `${assistant('msg_1', { input: 1 })}\n`);
    expect(reader.read(join(dir, 'notes.txt'))).toBeUndefined();
    mkdirSync(join(dir, 'folder.jsonl'));
    expect(reader.read(join(dir, 'folder.jsonl'))).toBeUndefined();
    expect(reader.size).toBe(0);
  });

  it('counts a message written on several lines once, the last line winning', () => {
    const path = join(dir, 'repeat.jsonl');
    writeFileSync(
      path,
      [
        assistant('msg_1', { input: 10, output: 1 }),
        assistant('msg_1', { input: 10, output: 5 }),
        assistant('msg_2', { input: 3, output: 2 }),
        'not json at all',
        assistant('msg_x', { input: 1000 }, { model: '<synthetic>' }),
        '',
      ].join('\n'),
    );
    expect(new TranscriptTotalsReader().read(path)).toMatchObject({
      messages: 2,
      inputTokens: 13,
      outputTokens: 7,
      contextTokens: 3,
    });
  });

  it('sums sidechain usage but takes the context from the main chain only', () => {
    const path = join(dir, 'side.jsonl');
    writeFileSync(
      path,
      [
        assistant('msg_1', { input: 40, write: 60 }),
        assistant('msg_2', { input: 9000 }, { sidechain: true, model: 'claude-haiku-5-5' }),
        '',
      ].join('\n'),
    );
    const totals = new TranscriptTotalsReader().read(path);
    expect(totals).toMatchObject({ inputTokens: 9040, contextTokens: 100 });
    expect(totals?.model).toBe('claude-sonnet-5-5');
  });

  it('lists models without a price, counting them at 0 USD', () => {
    const path = join(dir, 'unpriced.jsonl');
    writeFileSync(path, `${assistant('msg_1', { input: 10 }, { model: 'future-model-9' })}\n`);
    expect(new TranscriptTotalsReader().read(path)).toMatchObject({
      unpricedModels: ['future-model-9'],
      costUsd: 0,
      inputTokens: 10,
      contextWindow: 200_000,
    });
  });

  it('reports the subagent of a delegation still waiting for its result', () => {
    const path = join(dir, 'delegation.jsonl');
    const call = (id: string, type: string): string =>
      assistant(
        `msg_${id}`,
        { input: 1 },
        {
          content: [
            { type: 'tool_use', id, name: 'Agent', input: { subagent_type: type, prompt: 'go' } },
          ],
        },
      );
    writeFileSync(path, `${call('toolu_a', 'research')}\n`);
    const reader = new TranscriptTotalsReader();
    expect(reader.read(path)?.activeSubagent).toBe('research');
    appendFileSync(path, `${call('toolu_b', 'qa')}\n`);
    expect(reader.read(path)?.activeSubagent).toBe('qa');
    appendFileSync(path, `${toolResult('toolu_b')}\n`);
    expect(reader.read(path)?.activeSubagent).toBe('research');
    appendFileSync(path, `${toolResult('toolu_a')}\n`);
    expect(reader.read(path)?.activeSubagent).toBeUndefined();
  });

  it('reads at most maxReadBytes per call, and catches up over the next calls', () => {
    const path = join(dir, 'big.jsonl');
    const filler = { content: [{ type: 'text', text: 'y'.repeat(5_000) }] };
    const lines: string[] = [];
    for (let index = 0; index < 700; index += 1)
      lines.push(assistant(`msg_${index}`, { input: 1, output: 2 }, filler));
    writeFileSync(path, `${lines.join('\n')}\n`); // about 3.5 MB
    const whole = new TranscriptTotalsReader().read(path);
    expect(whole).toMatchObject({ messages: 700, complete: true });
    const reader = new TranscriptTotalsReader({ maxReadBytes: 1 });
    const first = reader.read(path);
    expect(first?.complete).toBe(false);
    expect(first?.messages).toBeGreaterThan(0);
    expect(first?.messages).toBeLessThan(700);
    let calls = 1;
    let totals = first;
    while (totals?.complete === false && calls < 10) {
      totals = reader.read(path);
      calls += 1;
    }
    expect(calls).toBeGreaterThan(2);
    expect(totals).toEqual(whole);
  });

  it('keeps at most maxPaths transcripts, forgetting the least recently read', () => {
    const reader = new TranscriptTotalsReader({ maxPaths: 2 });
    const paths = ['a', 'b', 'c'].map((name) => join(dir, `${name}.jsonl`));
    for (const path of paths) writeFileSync(path, `${assistant('msg_1', { input: 1 })}\n`);
    reader.read(paths[0] ?? '');
    reader.read(paths[1] ?? '');
    reader.read(paths[0] ?? '');
    reader.read(paths[2] ?? '');
    expect(reader.size).toBe(2);
    // b was the least recently read: it is read again from the start (the same totals).
    expect(reader.read(paths[1] ?? '')?.inputTokens).toBe(1);
  });
});
