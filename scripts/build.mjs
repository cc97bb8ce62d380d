// Builds the CLI into dist/ as CommonJS, which starts faster than ESM on Node 20:
//   dist/cli.cjs        the entry: answers --version, loads app.cjs through the V8 code cache
//   dist/app.cjs        the CLI itself (every command; store, registry, config)
//   dist/lazy/*.cjs     heavy libraries loaded only by the code paths that need them
//   dist/agents/bundled the bundled agent definitions
// better-sqlite3 stays external (a native addon, required on first use).
import { build } from 'esbuild';
import { chmodSync, cpSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Heavy libraries: bundled on their own and required lazily from app.cjs. (zod/mini tree-shakes
 * well, so it stays inside app.cjs, evaluated only when a config layer needs validating.) */
const LAZY_LIBRARIES = { yaml: 'yaml' };

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'linked',
  define: {
    __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version),
    // Our sources are ESM; in the CommonJS bundle import.meta.url is the bundle file's URL.
    'import.meta.url': '__chImportMetaUrl',
  },
  banner: { js: "const __chImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const lazyLibraries = {
  name: 'lazy-libraries',
  setup(builder) {
    const filter = new RegExp(`^(${Object.keys(LAZY_LIBRARIES).map((name) => name.replace('/', '\\/')).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: `./lazy/${LAZY_LIBRARIES[args.path]}.cjs`, external: true }));
  },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', external: ['./app.cjs'] }),
  build({ ...common, entryPoints: ['src/cli/run-cli.ts'], outfile: 'dist/app.cjs', external: ['better-sqlite3'], plugins: [lazyLibraries] }),
  ...Object.entries(LAZY_LIBRARIES).map(([name, file]) =>
    build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', loader: 'js' }, outfile: `dist/lazy/${file}.cjs` }),
  ),
]);
cpSync('src/agents/bundled', 'dist/agents/bundled', { recursive: true });
chmodSync('dist/cli.cjs', 0o755);
