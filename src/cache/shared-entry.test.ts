import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelResponse } from '../llm/index.js';
import { SHARED_ENTRY_VERSION, decodeSharedEntry, encodeSharedEntry } from './shared-entry.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/shared-cache/${name}`, import.meta.url), 'utf8');

const response: ModelResponse = {
  id: 'msg_01',
  model: 'claude-sonnet-5-5',
  content: [
    { type: 'text', text: 'Done.' },
    { type: 'tool_use', id: 'tu_1', name: 'Read', input: { path: 'a.ts' } },
  ],
  text: 'Done.',
  stopReason: 'end_turn',
  usage: { inputTokens: 12, outputTokens: 3, cacheWriteTokens: 0, cacheReadTokens: 4 },
  costUsd: 0.25,
};

describe('the shared cache entry', () => {
  it('reads the version 1 fixture, and writes what it reads', () => {
    expect(SHARED_ENTRY_VERSION).toBe(1);
    expect(decodeSharedEntry(fixture('v1.json'))).toEqual(response);
    expect(JSON.parse(encodeSharedEntry(response))).toEqual(JSON.parse(fixture('v1.json')));
    const unpriced: ModelResponse = {
      id: response.id,
      model: response.model,
      content: response.content,
      text: response.text,
      stopReason: response.stopReason,
      usage: response.usage,
    };
    expect(decodeSharedEntry(encodeSharedEntry(unpriced))).toEqual(unpriced);
  });

  it('treats a future version, a truncated entry and wrong shapes as misses', () => {
    expect(decodeSharedEntry(fixture('v2-future.json'))).toBeUndefined();
    expect(decodeSharedEntry(fixture('malformed.json'))).toBeUndefined();
    const broken: unknown[] = [
      null,
      [],
      { version: 1 },
      { version: 1, response: { ...response, text: 5 } },
      { version: 1, response: { ...response, stopReason: 1 } },
      { version: 1, response: { ...response, costUsd: 'free' } },
      { version: 1, response: { ...response, content: [{ type: 'image' }] } },
      { version: 1, response: { ...response, content: 'Done.' } },
      { version: 1, response: { ...response, usage: { ...response.usage, inputTokens: -1 } } },
      { version: 1, response: { ...response, usage: undefined } },
    ];
    for (const entry of broken) expect(decodeSharedEntry(JSON.stringify(entry))).toBeUndefined();
  });

  it('copies only the known fields, so injected prototype keys never reach the caller', () => {
    const decoded = decodeSharedEntry(fixture('prototype-injection.json'));
    expect(decoded).toStrictEqual({
      id: 'msg_01',
      model: 'claude-sonnet-5-5',
      content: [{ type: 'text', text: 'Done.' }],
      text: 'Done.',
      stopReason: null,
      usage: { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 },
    });
    expect(Object.keys(decoded ?? {})).not.toContain('__proto__');
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(decoded?.usage)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(decoded, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
