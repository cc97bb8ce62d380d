import type { createHash as CreateHash } from 'node:crypto';
import { lazyRequire } from './lazy-require.js';

/**
 * Hashing without putting `node:crypto` on the cold path: loading it costs milliseconds at
 * startup, and most commands never hash. It is required on first use instead.
 */
let createHash: typeof CreateHash | undefined;

export function sha256Hex(text: string | Uint8Array): string {
  createHash ??= (lazyRequire('node:crypto') as { createHash: typeof CreateHash }).createHash; // the builtin's own type
  return createHash('sha256').update(text).digest('hex');
}

/** FNV-1a (32-bit, twice with different seeds) as 16 hex chars: a cheap, stable file-name key. */
export function fastHashHex(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code, 0x5bd1e995) >>> 0;
  }
  return first.toString(16).padStart(8, '0') + second.toString(16).padStart(8, '0');
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/**
 * FNV-1a over the bit patterns of numbers, fed one at a time: the same kind of key as
 * fastHashHex for a long run of numbers (file mtimes and sizes) without turning each into text.
 */
export class NumberHash {
  // Kept as signed 32-bit integers (small integers to V8: no number allocated per add).
  private first = 0x811c9dc5 | 0;
  private second = 0x01000193 | 0;

  add(value: number): void {
    float[0] = value;
    const low = words[0] ?? 0;
    const high = words[1] ?? 0;
    this.first = Math.imul(Math.imul(this.first ^ low, 0x01000193) ^ high, 0x01000193);
    this.second = Math.imul(Math.imul(this.second ^ low, 0x5bd1e995) ^ high, 0x5bd1e995);
  }

  hex(): string {
    return (
      (this.first >>> 0).toString(16).padStart(8, '0') +
      (this.second >>> 0).toString(16).padStart(8, '0')
    );
  }
}
