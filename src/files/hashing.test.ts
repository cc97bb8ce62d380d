import { describe, expect, it } from 'vitest';
import { NumberHash, fastHashHex, sha256Hex } from './hashing.js';

function hashOf(values: readonly number[]): string {
  const hash = new NumberHash();
  for (const value of values) hash.add(value);
  return hash.hex();
}

describe('hashing', () => {
  it('gives stable 16-hex-digit keys that change with the text', () => {
    expect(fastHashHex('agents')).toMatch(/^[0-9a-f]{16}$/);
    expect(fastHashHex('agents')).toBe(fastHashHex('agents'));
    expect(fastHashHex('agents')).not.toBe(fastHashHex('agentz'));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes numbers by value and order, fractions included', () => {
    const stamps = [1_763_793_600_123.456, 2048, 1_763_793_600_999.5, 17];
    expect(hashOf(stamps)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(stamps)).toBe(hashOf([...stamps]));
    expect(hashOf(stamps)).not.toBe(hashOf([...stamps].reverse()));
    expect(hashOf([1_763_793_600_123.456])).not.toBe(hashOf([1_763_793_600_123.457]));
    expect(hashOf([])).not.toBe(hashOf([0]));
  });
});
