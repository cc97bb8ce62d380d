import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-meanings.js';
import type { ErrorCode } from './error-codes.js';

/** Codes registered before any code raises them. */
const NOT_YET_RAISED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([]);

/** The text of every non-test source file under src/ except the registry itself. */
function sourceText(): string {
  const root = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .filter((file) => file !== 'error-codes.ts')
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');
}

describe('ERROR_CODES', () => {
  const entries = Object.entries(ERROR_CODES);

  it('gives every code a valid exit code and a one-line meaning', () => {
    expect(entries.length).toBeGreaterThan(80);
    for (const [code, info] of entries) {
      expect([1, 2], code).toContain(info.exitCode);
      expect(info.meaning.trim().length, code).toBeGreaterThan(10);
      expect(info.meaning, code).not.toMatch(/\n/);
    }
  });

  it('names codes `area.snake_case` (or a bare word for the two general ones)', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
    const bare = entries.map(([code]) => code).filter((code) => !code.includes('.'));
    expect(bare.sort()).toEqual(['internal', 'usage']);
  });

  it('holds no code the sources have stopped raising', () => {
    const text = sourceText();
    const unused = Object.keys(ERROR_CODES).filter(
      (code) => !text.includes(`'${code}'`) && !NOT_YET_RAISED.has(code as ErrorCode), // a key of ERROR_CODES
    );
    expect(unused, 'remove these from ERROR_CODES, or raise them').toEqual([]);
  });
});
