import { describe, expect, it } from 'vitest';
import { eventJson } from './event-json.js';

describe('eventJson', () => {
  it('prints the time as ISO-8601 in at and keeps the other fields', () => {
    const record = {
      id: 7,
      ts: Date.UTC(2026, 11, 7, 1, 49, 26, 5),
      type: 'run.completed',
      version: 2,
      source: 'cli',
      session: null,
      run: 'r1',
      payload: { costUsd: 0.5 },
    };
    expect(eventJson(record)).toEqual({
      id: 7,
      at: '2026-12-07T01:49:26.005Z',
      type: 'run.completed',
      version: 2,
      source: 'cli',
      session: null,
      run: 'r1',
      payload: { costUsd: 0.5 },
    });
    expect(eventJson(record)).not.toHaveProperty('ts');
  });
});
