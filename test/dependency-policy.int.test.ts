import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_LIBRARIES, bundledChunk } from '../src/files/lazy-require-bundled.js';

// The dependency policy of issue 14 (scripts/build.mjs, header): what a user's install holds.
const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * The only packages every install holds. A new one needs a reason: bundle it into dist/vendor/
 * instead, or make it an optional peer loaded with requireOptional().
 */
const RUNTIME_DEPENDENCIES = ['better-sqlite3'];

describe('dependency policy', () => {
  it('installs only the native SQLite driver with the package', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(RUNTIME_DEPENDENCIES);
  });

  it('makes every peer dependency optional', () => {
    for (const name of Object.keys(manifest.peerDependencies ?? {}))
      expect(manifest.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
  });

  it.each(BUNDLED_LIBRARIES)('builds %s into dist/vendor, with its licences', (name) => {
    const packageName = name.split('/', name.startsWith('@') ? 2 : 1).join('/');
    expect(manifest.devDependencies?.[packageName]).toBeDefined();
    const chunk = fileURLToPath(new URL(`dist/${bundledChunk(name)}`, root));
    expect(existsSync(chunk), `${chunk}: npm run build`).toBe(true);
    // Each bundled package's licence, headed `name@version (licence)`.
    expect(readFileSync(`${chunk}.LICENSES.txt`, 'utf8')).toMatch(
      new RegExp(`^${packageName}@\\d+\\.\\d+\\.\\d+ \\(`, 'm'),
    );
  });
});
