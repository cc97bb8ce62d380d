import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repo's node_modules so the bundle's external `better-sqlite3` import resolves.
const bundleDir = join(repoRoot, 'node_modules', '.cache', 'claude-hybrid-test');

/**
 * Bundles a TypeScript child-process script (a test fixture that runs our real modules) into
 * one ESM file a test can `spawn` with node; `remove` deletes it.
 */
export function bundleChild(entry: URL): { path: string; cwd: string; remove: () => void } {
  mkdirSync(bundleDir, { recursive: true });
  const path = join(bundleDir, `child-${process.pid}-${randomUUID()}.mjs`);
  buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile: path,
    logLevel: 'silent',
  });
  return {
    path,
    cwd: repoRoot,
    remove: () => {
      rmSync(path, { force: true });
    },
  };
}
