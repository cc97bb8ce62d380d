// Writes the generated reference pages (docs/cli.md, docs/configuration.md, docs/errors.md)
// from the sources they describe: the command table, CONFIG_KEYS and ERROR_CODES. The renderers
// are TypeScript (src/reference/), so this bundles their entry with esbuild in memory and runs
// it; src/reference/generated-docs.test.ts fails when a committed page differs from its render.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../src/reference/write-docs.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const result = await build({
  stdin: {
    contents: `export { writeReferenceDocs } from ${JSON.stringify(entry)};`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Dependencies load from node_modules through the require handed in below.
  packages: 'external',
  define: {
    __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version),
    // CommonJS has no import.meta; sources resolve their assets from the entry's location.
    'import.meta.url': '__chImportMetaUrl',
  },
});

const module = { exports: {} };
const run = new Function(
  'require',
  'module',
  'exports',
  '__chImportMetaUrl',
  result.outputFiles[0].text,
);
run(createRequire(entry), module, module.exports, pathToFileURL(entry).href);
const changed = await module.exports.writeReferenceDocs(root);
console.log(changed.length === 0 ? 'docs: up to date' : `docs: wrote ${changed.join(', ')}`);
