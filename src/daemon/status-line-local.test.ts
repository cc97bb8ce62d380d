import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { MAX_STATUS_LINE_BYTES } from './status-line-route.js';
import {
  LOCAL_FULL_READ_BYTES,
  readStatusLineStdin,
  statusLineOutput,
} from './status-line-local.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-statusline-local-');
});
afterEach(() => {
  temp.cleanup();
});

const assistant = (id: string, input: number, filler = ''): string =>
  JSON.stringify({
    type: 'assistant',
    message: {
      id,
      model: 'claude-sonnet-5-5',
      content: [{ type: 'text', text: filler }],
      usage: { input_tokens: input, output_tokens: 5 },
    },
  });

async function fieldsFor(transcript: string): Promise<Record<string, unknown>> {
  const output = await statusLineOutput({
    text: JSON.stringify({
      session_id: 'S',
      transcript_path: transcript,
      model: { display_name: 'Sonnet 5.5' },
      cost: { total_cost_usd: 7.5 },
    }),
    hybridHome: join(temp.dir, 'home'), // no daemon.json: the daemon is stopped
    json: true,
    colour: false,
    askDaemon: true,
    mainAgent: 'pm',
  });
  expect(output.inputUsable).toBe(true);
  return JSON.parse(output.stdout) as Record<string, unknown>;
}

describe('the status line without the daemon', () => {
  it('reads a small transcript whole: its context and its cost', async () => {
    const path = join(temp.dir, 'small.jsonl');
    writeFileSync(path, `${assistant('msg_1', 100_000)}\n`);
    expect(await fieldsFor(path)).toMatchObject({
      agent: 'pm',
      contextTokens: 100_000,
      costSource: 'transcript',
      daemon: 'stopped',
      dashboard: null,
    });
  });

  it("reads only the tail of a large one, taking Claude Code's own cost", async () => {
    const path = join(temp.dir, 'large.jsonl');
    const filler = 'x'.repeat(10_000);
    const lines = [];
    for (let index = 0; index * 10_000 < LOCAL_FULL_READ_BYTES + 50_000; index += 1)
      lines.push(assistant(`msg_${index}`, 1_000 + index, filler));
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(await fieldsFor(path)).toMatchObject({
      contextTokens: 1_000 + lines.length - 1,
      costUsd: 7.5,
      costSource: 'claude-code',
    });
  });

  it('says the input is unusable when it is not a JSON object, with one line all the same', async () => {
    const output = await statusLineOutput({
      text: 'not json',
      hybridHome: join(temp.dir, 'home'),
      json: false,
      colour: false,
      askDaemon: true,
    });
    expect(output).toEqual({ stdout: 'claude-hybrid · daemon stopped\n', inputUsable: false });
  });
});

describe('readStatusLineStdin', () => {
  const fdOf = (text: string): number => {
    const path = join(temp.dir, 'stdin');
    writeFileSync(path, text);
    return openSync(path, 'r');
  };
  it('reads everything up to the limit, and nothing beyond it', () => {
    const small = fdOf('{"a":1}');
    expect(readStatusLineStdin(small)).toBe('{"a":1}');
    closeSync(small);
    const large = fdOf('x'.repeat(MAX_STATUS_LINE_BYTES + 1));
    expect(readStatusLineStdin(large)).toBeUndefined();
    closeSync(large);
  });
});
