import { describe, expect, it } from 'vitest';
import { parseRow } from './live-stream.js';

describe('parseRow', () => {
  it('takes a message with a numeric id and drops anything else', () => {
    expect(parseRow('{"id":3,"type":"hook.Stop"}')).toEqual({ id: 3, type: 'hook.Stop' });
    expect(parseRow('{"id":"3"}')).toBeNull();
    expect(parseRow('null')).toBeNull();
    expect(parseRow('42')).toBeNull();
    expect(parseRow('not json')).toBeNull();
  });
});
