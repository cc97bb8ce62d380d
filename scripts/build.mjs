// Builds the CLI into dist/ as CommonJS, which starts faster than ESM on Node 20:
//   dist/cli.cjs        the entry: answers --version, loads app.cjs through the V8 code cache
//   dist/app.cjs        the CLI itself (every command; store, registry, config)
//   dist/routing.cjs    the router, complexity classifier and model table (only `route` loads it)
//   dist/engine.cjs     providers, the resilient client and agent runs (only `run` loads it)
//   dist/workflow.cjs   workflow files, the DAG scheduler and checkpoints (only `workflow`)
//   dist/daemon.cjs     the daemon process (hooks over loopback HTTP)
//   dist/hook-relay.sh  the command-mode hook: curl to the daemon when it runs, else hook-relay.cjs
//   dist/hook-relay.cjs the node relay: spools the event or handles it in-process (no heavy imports)
//   dist/hook-inprocess.cjs  what the relay runs when no daemon is up
//   dist/memory.cjs     agent memory: files, index, recall (memory, run, workflows)
//   dist/commands.cjs   the commands that call models or servers (run, stats, cache, events,
//                       workflow, memory, daemon, hooks, code, session); app.cjs keeps the rest
//   dist/workflows      the example workflows
//   dist/agents/bundled the bundled agent definitions
// Libraries that only some commands need (yaml, better-sqlite3) are not bundled: they are
// required from node_modules on first use (src/lazy-require.ts).
import { build } from 'esbuild';
import { chmodSync, cpSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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

/** In CommonJS output, lazyRequire is the bundle's own require (no node:module at startup). */
const commonJsRequire = {
  name: 'commonjs-lazy-require',
  setup(builder) {
    builder.onResolve({ filter: /\/lazy-require\.js$/ }, () => ({
      path: new URL('../src/files/lazy-require-cjs.ts', import.meta.url).pathname,
    }));
  },
};

/**
 * The seams between bundles are the files in src/bundles/, and only those: an import of
 * `src/bundles/<name>.js` from another bundle becomes `require('./<name>.cjs')`, run when the
 * importing module is first used (command modules and the library's engine are loaded on
 * demand). Folders' index.ts files are their public surfaces; the build never cuts at them.
 * Every kilobyte in app.cjs costs every command start-up time, so what only some commands need
 * (the router, the engine, memory, workflows, the heavier commands) lives behind a seam. Each
 * bundle has its own copy of the error classes; isHybridError() and instanceof recognise them
 * by a brand.
 */
const BUNDLES = ['routing', 'engine', 'memory', 'workflow', 'commands', 'library'];
const bundleSeams = {
  name: 'bundle-seams',
  setup(builder) {
    builder.onResolve({ filter: /\/bundles\/[a-z]+\.js$/ }, (args) => {
      const name = /\/bundles\/([a-z]+)\.js$/.exec(args.path)?.[1];
      if (name === undefined || !BUNDLES.includes(name)) return undefined;
      return { path: `./${name}.cjs`, external: true };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    external: ['./app.cjs'],
    plugins: [commonJsRequire],
    banner: {}, // the entry uses no import.meta.url; skip the URL computation
  }),
  build({
    ...common,
    entryPoints: ['src/cli/run-cli.ts'],
    outfile: 'dist/app.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/routing.ts'],
    outfile: 'dist/routing.cjs',
    plugins: [commonJsRequire, bundleSeams],
    banner: {}, // the router uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/engine.ts'],
    outfile: 'dist/engine.cjs',
    external: ['@anthropic-ai/sdk', 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/commands.ts'],
    outfile: 'dist/commands.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/hook-relay.ts'],
    outfile: 'dist/hook-relay.cjs',
    external: ['./hook-inprocess.cjs'],
    plugins: [commonJsRequire],
    banner: {}, // the relay uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/handle-once.ts'],
    outfile: 'dist/hook-inprocess.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/main.ts'],
    outfile: 'dist/daemon.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/memory.ts'],
    outfile: 'dist/memory.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/workflow.ts'],
    outfile: 'dist/workflow.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/bundles/library.ts'],
    outfile: 'dist/library.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  // The library (package main): createHybrid and the errors; the engine loads on first use.
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
]);
await libraryModuleAndTypes();
cpSync('src/agents/bundled', 'dist/agents/bundled', { recursive: true });
cpSync('src/workflow/examples', 'dist/workflows', { recursive: true });
cpSync('src/daemon/hook-relay.sh', 'dist/hook-relay.sh');
chmodSync('dist/hook-relay.sh', 0o755);
chmodSync('dist/cli.cjs', 0o755);

/**
 * The library's ESM build and its types. dist/index.mjs is src/index.ts built as ESM (the
 * errors and createHybrid); like dist/index.cjs it requires dist/library.cjs on the first
 * createHybrid(), so ESM and CommonJS users share one copy of the engine. dist/types/ holds the
 * declarations tsc emits for src/index.ts and what it reaches.
 */
async function libraryModuleAndTypes() {
  await build({
    ...common,
    format: 'esm',
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.mjs',
    define: { __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version) },
    banner: {},
    plugins: [
      {
        name: 'esm-library-door',
        setup(builder) {
          builder.onResolve({ filter: /\/library-door\.js$/ }, () => ({
            path: new URL('../src/library/library-door-esm.ts', import.meta.url).pathname,
          }));
        },
      },
    ],
  });
  if (process.env.CLAUDE_HYBRID_BUILD_TYPES === '0') return;
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
    stdio: 'inherit',
  });
}
