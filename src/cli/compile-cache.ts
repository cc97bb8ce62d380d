import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { PRIVATE_FILE_MODE, makeDirLevels } from '../files/dir-levels.js';

/**
 * How the build starts each bundle (scripts/build.mjs, selfWrap): a call that, when the file is
 * required, runs the module function at once, and otherwise evaluates to it. So compiled as a
 * script the source is already the module function, and no wrapped copy of it is made.
 */
export const SELF_WRAPPED_PREFIX =
  '(function (run) { return typeof module === "object" && module !== null ? run.call(exports, exports, require, module, __filename, __dirname) : run; })(function (exports, require, module, __filename, __dirname) {';

/**
 * Loads the CLI bundle (`dist/app.cjs`) through a V8 code cache, as Node 22's
 * `module.enableCompileCache()` does (Node 20 has no such switch). Compiling our bundle is a
 * large share of a short command's run time; with the cache V8 skips parsing and compiling the
 * functions an earlier run used. The cache lives in `$CLAUDE_HYBRID_HOME/cache/v8/`, is keyed by
 * the bundle's size and mtime and the Node version, and V8 itself rejects data that does not
 * match the source or its flags. Any problem falls back to a normal compile: the cache can only
 * cost speed, never correctness.
 */
export function loadWithCompileCache(
  file: string,
  cacheDir: string | undefined,
  /** The `require` the module gets: the entry's own, which resolves from the same folder. */
  requireFunction: NodeJS.Require,
  /** Names this run's cache, e.g. `agents-list` (lower-case letters and hyphens). */
  command: string,
): unknown {
  const source = readFileSync(file, 'utf8');
  const cache = cacheDir === undefined ? undefined : cachePath(file, cacheDir, command);
  const cacheFile = cache?.path;
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // Our bundles are their own CommonJS wrapper (see SELF_WRAPPED_PREFIX); anything else gets
  // the wrapper node:module's wrap() writes (not loaded, to save its cost).
  const script = new Script(
    source.startsWith(SELF_WRAPPED_PREFIX)
      ? source
      : `(function (exports, require, module, __filename, __dirname) { ${source}\n});`,
    {
      filename: file,
      ...(cachedData === undefined ? {} : { cachedData }),
    },
  );
  const moduleObject = { exports: {} as unknown };
  const factory = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void; // the CommonJS wrapper's signature
  factory(moduleObject.exports, requireFunction, moduleObject, file, dirname(file));
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit so the data includes every function this run compiled.
    process.once('exit', () => {
      try {
        // One level at a time: a home under /proc must fail here, not spin (see private-files).
        makeDirLevels(dirname(cacheFile), (message) => new Error(message));
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: PRIVATE_FILE_MODE });
        renameSync(temp, cacheFile);
        // Caches of other builds (an upgrade, a rebuild) are dead weight: drop them; keep other commands'.
        const build = `${cache?.build ?? ''}-`;
        const bundle = `${cache?.bundle ?? ''}-`;
        for (const name of readdirSync(dirname(cacheFile))) {
          if (name.startsWith(bundle) && name.endsWith('.bin') && !name.startsWith(build))
            rmSync(join(dirname(cacheFile), name), { force: true });
        }
      } catch {
        // A read-only home only costs speed.
      }
    });
  }
  return moduleObject.exports;
}

/**
 * One cache per build and command: the data holds the functions a run compiled, and
 * `agents list` compiles different ones from `init`, so each command keeps its own.
 */
function cachePath(
  file: string,
  cacheDir: string,
  command: string,
): { path: string; build: string; bundle: string } | undefined {
  try {
    const stats = statSync(file);
    const bundle = basename(file, '.cjs');
    const build = `${bundle}-${process.version}-${process.arch}-${stats.size}-${Math.trunc(stats.mtimeMs)}`;
    return { path: join(cacheDir, `${build}-${command}.bin`), build, bundle };
  } catch {
    return undefined;
  }
}
