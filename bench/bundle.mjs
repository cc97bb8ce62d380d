// Bundles TypeScript sources into one ESM file under node_modules/.cache for a bench to import.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Bundles `contents` (TypeScript, resolved from the repository root); returns the file. */
export function bundleForBench(name, contents, external = []) {
  const outfile = here(`../node_modules/.cache/claude-hybrid-bench/${name}.mjs`);
  buildSync({
    stdin: { contents, resolveDir: here('..'), loader: 'ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    external,
    logLevel: 'warning',
  });
  return outfile;
}
