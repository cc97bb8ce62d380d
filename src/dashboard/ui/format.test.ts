import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatClock,
  formatCount,
  formatDuration,
  formatDurationShort,
  formatPayload,
  formatPercent,
  formatUsd,
  shortId,
} from './format.js';

describe('format', () => {
  it('reads dollars at a precision that fits their size', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.000123456)).toBe('$0.00012');
    expect(formatUsd(0.00008)).toBe('$0.00008');
    expect(formatUsd(0.00002)).toBe('$0.00002');
    expect(formatUsd(0.0000000012)).toBe('$1.2e-9');
    expect(formatUsd(0.0421)).toBe('$0.042');
    expect(formatUsd(7.4312)).toBe('$7.43');
    expect(formatUsd(1234.5)).toBe('$1235');
  });

  it('reads durations from sub-millisecond to hours', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.25)).toBe('0.25 ms');
    expect(formatDuration(412.4)).toBe('412 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(48_210)).toBe('48.2 s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });

  it('labels chart axes with short durations', () => {
    expect(formatDurationShort(0.05)).toBe('0.05ms');
    expect(formatDurationShort(250)).toBe('250ms');
    expect(formatDurationShort(2500)).toBe('2.5s');
    expect(formatDurationShort(120_000)).toBe('2m');
    expect(formatDurationShort(7_200_000)).toBe('2h');
  });

  it('abbreviates counts', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1k');
    expect(formatCount(97_600)).toBe('97.6k');
    expect(formatCount(1_200_000)).toBe('1.2M');
    expect(formatCount(3_000_000_000)).toBe('3B');
  });

  it('reads shares as percentages', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.86)).toBe('86%');
    expect(formatPercent(0.052)).toBe('5.2%');
  });

  it('shows local wall-clock time to the millisecond', () => {
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
  });

  it('says how long ago, coarsely', () => {
    const now = 10_000_000_000;
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 21 * 60_000, now)).toBe('21 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(formatAgo(now + 5000, now)).toBe('just now');
  });

  it('shortens ids to 8 characters', () => {
    expect(shortId('5f1c2a9e-7b0d-4c1e')).toBe('5f1c2a9e');
    expect(shortId('abc')).toBe('abc');
    expect(shortId(null)).toBe('—');
  });

  it('prints payloads as JSON, and what JSON cannot hold as a string', () => {
    expect(formatPayload({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatPayload(undefined)).toBe('undefined');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(formatPayload(cyclic)).toBe('[object Object]');
  });
});
