import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../api-types.js';
import { EventStore } from './event-store.js';

const row = (id: number): EventRow => ({
  id,
  ts: id,
  type: 'hook.Stop',
  source: 'hook',
  session: null,
  run: null,
  agent: null,
  text: `event ${String(id)}`,
  payload: null,
});
/** ids from `high` down to `low`, as /api/events pages them. */
const page = (high: number, low: number) =>
  Array.from({ length: high - low + 1 }, (_, index) => row(high - index));

describe('EventStore', () => {
  it('shows the newest first and appends live rows on top, skipping replays', () => {
    const store = new EventStore(100);
    store.reset(page(10, 1), null);
    expect(store.at(0)?.id).toBe(10);
    expect(store.at(9)?.id).toBe(1);
    expect(store.appendLive([row(9), row(10), row(11), row(12)])).toBe(2);
    expect(store.at(0)?.id).toBe(12);
    expect(store.length).toBe(12);
  });

  it('adds older pages at the bottom', () => {
    const store = new EventStore(100);
    store.reset(page(20, 11), 11);
    expect(store.appendOlder(page(10, 1), null)).toBe(0);
    expect(store.at(19)?.id).toBe(1);
    expect(store.nextBeforeId).toBeNull();
  });

  it('drops the oldest for live rows past the cap, so they can be paged in again', () => {
    const store = new EventStore(5);
    store.reset(page(5, 1), null);
    store.appendLive([row(6), row(7)]);
    expect(store.length).toBe(5);
    expect(store.at(4)?.id).toBe(3);
    expect(store.nextBeforeId).toBe(3);
  });

  it('drops the newest for older pages past the cap, and says so', () => {
    const store = new EventStore(5);
    store.reset(page(10, 7), 7);
    expect(store.appendOlder(page(6, 4), 4)).toBe(2);
    expect(store.newerTrimmed).toBe(true);
    expect(store.at(0)?.id).toBe(8);
    expect(store.at(4)?.id).toBe(4);
  });
});
