// Builds the CLI and the library into dist/ as CommonJS, which starts faster than ESM on Node 20
// (the library also as ESM). The seams between bundles are the src/**/<name>.bundle.ts files
// (see bundleSeams).
//   dist/cli.cjs        the entry: answers --version, loads app.cjs through the V8 code cache
//   dist/app.cjs        the CLI itself (every command; store, registry, config)
//   dist/routing.cjs    the router, complexity classifier and model selector (`route`)
//   dist/engine.cjs     agent runs, workflow runs and the PM: providers, the resilient client,
//                       the cache, routing, memory and the scheduler (`run`, `workflow`, library)
//   dist/workflow.cjs   workflow files and checks without the engine (`workflow validate`)
//   dist/index.cjs, index.mjs  the library's entry (createHybrid, errors), CommonJS and ESM
//   dist/library.cjs    what createHybrid() opens: config, the runtime and the library facade
//   dist/mcp.cjs        the MCP server (`claude-hybrid mcp`, the daemon's /mcp): tools, resources
//                       and prompts over the library; the SDK is the vendor chunk below
//   dist/mcp-relay.cjs  `claude-hybrid mcp` while the daemon runs: relays stdio to its /mcp,
//                       with no heavy imports
//   dist/types/         the library's declarations
//   dist/daemon.cjs     the daemon process (hooks over loopback HTTP)
//   dist/tracing.cjs    the OTLP trace exporter: loaded only when an endpoint is configured
//   dist/queue.cjs      the job queue (BullMQ on Redis, optional peers): `worker`, `--queue`
//   dist/hook-relay.sh  the command-mode hook: curl to the daemon when it runs, else hook-relay.cjs
//   dist/daemon-address.sh  sourced by both shell relays: the daemon's port and pid from daemon.json
//   dist/hook-relay.cjs the node relay: spools the event or handles it in-process (no heavy imports)
//   dist/hook-inprocess.cjs  what the relay runs when no daemon is up
//   dist/statusline.sh  the Claude Code status line: curl to the daemon's /statusline, else
//                       statusline.cjs
//   dist/statusline.cjs the status line computed from the transcript (no heavy imports)
//   dist/completion/    the shell completion scripts (bash, zsh, fish) that `completion SHELL`
//                       prints, generated from the command table (src/cli/completion/)
//   dist/memory.cjs     agent memory: files, index, recall (memory, run, workflows)
//   dist/commands.cjs   the commands that call models or servers (run, stats, cache, events,
//                       workflow, memory, daemon, hooks, code, session); app.cjs keeps the rest
//   dist/doctor.cjs     `doctor`'s checks (the command and hybrid.doctor()): beside app.cjs only
//   dist/plugin.cjs     `plugin build` (src/plugin): beside app.cjs only
//   dist/workflows      the example workflows
//   dist/agents/bundled the bundled agent definitions
//   dist/skills/bundled the bundled skills (NAME/SKILL.md folders)
//   dist/dashboard/     the dashboard page the daemon serves (scripts/build-dashboard.mjs):
//                       index.html, app.js, app.css and manifest.json
//   dist/vendor/*.cjs   third-party libraries bundled into chunks of their own (see below), each
//                       with its licence in dist/vendor/*.cjs.LICENSES.txt
//
// Dependency policy (issue 14, a lean install; measure with `node bench/run.mjs install-size`):
// - A JavaScript library the core always needs is bundled into dist/ when that shrinks the
//   install: it is a devDependency, built here into dist/vendor/<name>.cjs (VENDORED below and
//   src/files/lazy-require-bundled.ts) and required on first use with requireBundled(), so a
//   command that never needs it never loads it. Today: @anthropic-ai/sdk, @modelcontextprotocol/sdk
//   (the server parts, for `mcp` and the daemon's /mcp), yaml, zod/mini, re2js.
// - A native module stays a dependency, required on first use (lazyRequire): better-sqlite3.
// - A library only an optional feature uses (queue and Postgres clients, cloud SDKs, the OTLP
//   exporter) is an optional peer dependency (peerDependencies + peerDependenciesMeta optional),
//   never bundled, and loaded with requireOptional(name, feature), which throws `deps.missing`
//   with "install it: npm install <name>" when the user has not installed it.
// - Nothing large for a small gain: a dependency has to earn its installed size (the Claude 2
//   tokenizer, 23 MB with tiktoken, did not: see src/llm/token-counter.ts).
// - Licences: every bundle's third-party legal comments are linked (legalComments), and each
//   vendor chunk ships the licence files of every package bundled into it.
import { build } from 'esbuild';
import {
  chmodSync,
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildDashboard } from './build-dashboard.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * Bundled into dist/vendor/ (the policy above), each library and its entry point: the package,
 * or a module re-exporting just the part we use. BundledLibrary in src/files/ lists the same.
 */
const VENDORED = {
  '@anthropic-ai/sdk': '@anthropic-ai/sdk',
  '@modelcontextprotocol/sdk': './src/mcp/mcp-sdk.ts',
  yaml: 'yaml',
  'zod/mini': './src/config/zod-mini.ts',
  // Linear-time regular expressions for hooks.denyBash (src/config/deny-pattern.ts).
  re2js: 're2js',
};

/**
 * Optional peers only some runs need (the policy above), never bundled: each is required at
 * run time through requireOptional() when its feature is chosen, so a bundle that names one
 * must leave it external. The cloud providers' SDKs (issue 22) pull in the AWS and Google
 * clients, tens of megabytes a user who never picks `bedrock` or `vertex` never installs.
 */
const OPTIONAL_PEERS = Object.keys(pkg.peerDependencies ?? {}).flatMap((name) => [
  name,
  `${name}/*`,
]);

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'linked',
  external: OPTIONAL_PEERS,
  define: {
    __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version),
    // Our sources are ESM; in the CommonJS bundle import.meta.url is the bundle file's URL.
    'import.meta.url': '__chImportMetaUrl',
  },
  // "use strict" first: esbuild's own directive comes after the banner, where it is a plain
  // statement, and our ESM sources are written for strict mode (as the tests run them).
  banner: {
    js: "'use strict';\nconst __chImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
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
 * The seams between bundles are the `<name>.bundle.ts` files, and only those: each is the entry
 * of dist/<name>.cjs, and an import of it from another bundle becomes `require('./<name>.cjs')`,
 * run when the importing module is first used (command modules and the library's engine are
 * loaded on demand). Folders' index.ts files are their public surfaces; the build never cuts at
 * them. Every kilobyte in app.cjs costs every command start-up time, so what only some commands
 * need (the router, the engine, memory, workflows, the heavier commands) lives behind a seam.
 * Each bundle has its own copy of the error classes; isHybridError() and instanceof recognise
 * them by a brand.
 */
/**
 * What src/cli/compile-cache.ts compiles without wrapping (keep the two in step; a test checks
 * the build): a bundle that is its own CommonJS wrapper.
 */
const SELF_WRAPPED_PREFIX =
  '(function (run) { return typeof module === "object" && module !== null ? run.call(exports, exports, require, module, __filename, __dirname) : run; })(function (exports, require, module, __filename, __dirname) {';

const BUNDLES = {
  routing: 'src/routing/routing.bundle.ts',
  engine: 'src/engine/engine.bundle.ts',
  memory: 'src/cli/commands/memory.bundle.ts',
  workflow: 'src/workflow/workflow.bundle.ts',
  commands: 'src/cli/commands/commands.bundle.ts',
  library: 'src/library/library.bundle.ts',
  mcp: 'src/mcp/mcp.bundle.ts',
  tracing: 'src/telemetry/tracing.bundle.ts',
  queue: 'src/queue/queue.bundle.ts',
  doctor: 'src/doctor/doctor.bundle.ts',
  plugin: 'src/plugin/plugin.bundle.ts',
};
const bundleSeams = {
  name: 'bundle-seams',
  setup(builder) {
    builder.onResolve({ filter: /\.bundle\.js$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const name = /([a-z]+)\.bundle\.js$/.exec(args.path)?.[1];
      if (name === undefined || !(name in BUNDLES)) return undefined;
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
    external: [...OPTIONAL_PEERS, './app.cjs', './mcp-relay.cjs', './statusline.cjs'],
    plugins: [commonJsRequire],
    banner: {}, // the entry uses no import.meta.url; skip the URL computation
  }),
  build({
    ...common,
    entryPoints: ['src/cli/run-cli.ts'],
    outfile: 'dist/app.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.routing],
    outfile: 'dist/routing.cjs',
    plugins: [commonJsRequire, bundleSeams],
    banner: {}, // the router uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.engine],
    outfile: 'dist/engine.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.commands],
    outfile: 'dist/commands.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/hook-relay.ts'],
    outfile: 'dist/hook-relay.cjs',
    external: [...OPTIONAL_PEERS, './hook-inprocess.cjs'],
    plugins: [commonJsRequire],
    banner: {}, // the relay uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/statusline-entry.ts'],
    outfile: 'dist/statusline.cjs',
    plugins: [commonJsRequire],
    banner: {}, // the status line uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: ['src/mcp/mcp-relay-entry.ts'],
    outfile: 'dist/mcp-relay.cjs',
    external: [...OPTIONAL_PEERS, './mcp.cjs'],
    plugins: [commonJsRequire],
    banner: {}, // the relay uses no import.meta.url
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/handle-once.ts'],
    outfile: 'dist/hook-inprocess.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: ['src/daemon/main.ts'],
    outfile: 'dist/daemon.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.memory],
    outfile: 'dist/memory.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.workflow],
    outfile: 'dist/workflow.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.library],
    outfile: 'dist/library.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.tracing],
    outfile: 'dist/tracing.cjs',
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.queue],
    outfile: 'dist/queue.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.doctor],
    outfile: 'dist/doctor.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.plugin],
    outfile: 'dist/plugin.cjs',
    external: ['better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  build({
    ...common,
    entryPoints: [BUNDLES.mcp],
    outfile: 'dist/mcp.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  // The library (package main): createHybrid and the errors; the engine loads on first use.
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    external: [...OPTIONAL_PEERS, 'better-sqlite3'],
    plugins: [commonJsRequire, bundleSeams],
  }),
  buildDashboard('dist/dashboard'),
]);
await Promise.all(Object.entries(VENDORED).map(buildVendorChunk));
assertAsciiBundles('dist');
for (const name of ['app', ...Object.keys(BUNDLES)]) selfWrap(`dist/${name}.cjs`);
await writeCompletionScripts('dist/completion');
await libraryModuleAndTypes();
cpSync('src/agents/bundled', 'dist/agents/bundled', { recursive: true });
// The bundled skills, as plain NAME/SKILL.md folders (the plugin builder packages them too).
cpSync('src/skills/bundled', 'dist/skills/bundled', { recursive: true });
cpSync('src/workflow/examples', 'dist/workflows', { recursive: true });
cpSync('src/daemon/hook-relay.sh', 'dist/hook-relay.sh');
chmodSync('dist/hook-relay.sh', 0o755);
cpSync('src/daemon/statusline-relay.sh', 'dist/statusline.sh');
cpSync('src/daemon/daemon-address.sh', 'dist/daemon-address.sh');
chmodSync('dist/statusline.sh', 0o755);
chmodSync('dist/cli.cjs', 0o755);

/**
 * dist/completion/<shell>: the completion scripts, generated here from the command table (they
 * depend on nothing else), so that `claude-hybrid completion bash` only prints a file.
 */
async function writeCompletionScripts(dir) {
  const result = await build({
    ...common,
    entryPoints: ['src/cli/completion/completion-entry.ts'],
    write: false,
    legalComments: 'none', // run here and dropped: nothing ships
    banner: {},
  });
  const module = { exports: {} };
  new Function('require', 'module', 'exports', result.outputFiles[0].text)(
    createRequire(import.meta.url),
    module,
    module.exports,
  );
  module.exports.writeCompletionScripts(dir);
}

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
  pruneDeclarations('dist/types', 'index.d.ts');
}

/**
 * tsc emits a declaration for every module the program reaches, the engine's included; only
 * those index.d.ts reaches are the published surface, so the rest are removed (they would name
 * packages a user does not install).
 */
function pruneDeclarations(root, entry) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g))
      visit(join(dirname(file), `${specifier}.d.ts`));
  };
  visit(entry);
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
    if (file.endsWith('.d.ts') && !reached.has(file)) rmSync(join(root, file));
  // Folders left empty, deepest first.
  const folders = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .reverse();
  for (const folder of folders)
    if (readdirSync(folder).length === 0) rmSync(folder, { recursive: true });
}

/**
 * One vendored library as dist/vendor/<name>.cjs (`@anthropic-ai/sdk` is anthropic-ai-sdk.cjs),
 * the path requireBundled() loads (src/files/lazy-require-bundled.ts).
 */
async function buildVendorChunk([name, entry]) {
  const outfile = `dist/vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.cjs`;
  const { metafile } = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // Whitespace and syntax only: a smaller chunk that parses faster, with names kept for stack
    // traces.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    metafile: true,
  });
  writeLicences(metafile, outfile);
}

/**
 * Makes a bundle its own CommonJS wrapper, on its first line so line numbers stay. Required, it
 * runs as before; compiled as a script (the CLI's code cache), it evaluates to the module
 * function, so the loader need not build the wrapper around its source, a copy of a few
 * hundred kilobytes on every start.
 */
function selfWrap(file) {
  if (!existsSync(file)) return;
  writeFileSync(file, `${SELF_WRAPPED_PREFIX}${readFileSync(file, 'utf8')}\n});\n`);
}

/**
 * Our bundles must be ASCII: V8 holds a source with one non-ASCII character as a two-byte
 * string, twice the memory to read and hash on every start. esbuild escapes strings but not
 * regular expressions or comments, so write those with \u escapes.
 */
function assertAsciiBundles(dir) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.cjs') || name.startsWith('vendor')) continue;
    const lines = readFileSync(join(dir, name), 'latin1').split('\n');
    const line = lines.findIndex((text) => /[\u0080-\u00ff]/.test(text));
    if (line >= 0)
      throw new Error(
        `${dir}/${name}:${line + 1}: a non-ASCII character; write it as a \\u escape in the source: ${lines[line]?.trim().slice(0, 120)}`,
      );
  }
}

/** Writes, next to a vendor chunk, the licence file of every package bundled into it. */
function writeLicences(metafile, chunk) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match !== null) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((root) => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const heading = `${manifest.name}@${manifest.version} (${manifest.license})`;
    const file = readdirSync(root).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
    if (file !== undefined)
      return `${heading}\n\n${readFileSync(join(root, file), 'utf8').trim()}\n`;
    // A few packages ship no licence file; name what their manifest declares, and where from.
    if (manifest.license === undefined) throw new Error(`${manifest.name}: no licence to ship`);
    const source = manifest.repository?.url ?? manifest.repository ?? manifest.homepage ?? '';
    const author = manifest.author?.name ?? manifest.author ?? 'its authors';
    return `${heading}\n\nThe ${manifest.license} licence, copyright ${author}; the package ships no licence file (${source}).\n`;
  });
  writeFileSync(`${chunk}.LICENSES.txt`, sections.join('\n---\n\n'));
}
