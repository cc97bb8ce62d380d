import { describe, expect, it } from 'vitest';
import { eventRecord } from './event-record.js';

describe('eventRecord', () => {
  it('builds the stored record, stamped with the type version and null session and run', () => {
    const payload = { toolUseId: 'toolu_1', command: 'rm -rf /', reason: 'no' };
    expect(eventRecord('tool.denied', payload, { ts: 1_700, source: 'daemon' })).toEqual({
      type: 'tool.denied',
      version: 1,
      ts: 1_700,
      source: 'daemon',
      session: null,
      run: null,
      payload,
    });
  });

  it('keeps the given session and run, and the payload object itself', () => {
    const payload = { session_id: 's1', cwd: '/p' };
    const record = eventRecord('hook.PreToolUse', payload, {
      ts: 5,
      source: 'daemon',
      session: 's1',
      run: 'r1',
    });
    expect(record).toMatchObject({ type: 'hook.PreToolUse', session: 's1', run: 'r1' });
    expect(record.payload).toBe(payload);
  });
});
