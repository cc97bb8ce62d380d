import type { createHash as CreateHash } from 'node:crypto';
import { lazyRequire } from './lazy-require.js';

/**
 * Hashing without putting `node:crypto` on the cold path: loading it costs milliseconds at
 * startup, and most commands never hash. It is required on first use instead.
 */
let createHash: typeof CreateHash | undefined;

export function sha256Hex(text: string): string {
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
  private first = 0x811c9dc5;
  private second = 0x01000193;

  add(value: number): void {
    float[0] = value;
    for (const word of words) {
      this.first = Math.imul(this.first ^ word, 0x01000193) >>> 0;
      this.second = Math.imul(this.second ^ word, 0x5bd1e995) >>> 0;
    }
  }

  hex(): string {
    return this.first.toString(16).padStart(8, '0') + this.second.toString(16).padStart(8, '0');
  }
}
