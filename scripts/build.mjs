// Builds the CLI into dist/: one tiny entry (dist/cli.js) plus lazily imported chunks, and
// copies the bundled agent markdown next to them. better-sqlite3 stays external (native addon).
import { build } from 'esbuild';
import { REQUIRE_BANNER } from './esbuild-shared.mjs';
import { chmodSync, cpSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  legalComments: 'linked',
  define: { __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});
cpSync('src/agents/bundled', 'dist/agents/bundled', { recursive: true });
chmodSync('dist/cli.js', 0o755);
