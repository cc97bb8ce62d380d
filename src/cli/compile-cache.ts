import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the CLI bundle (`dist/app.cjs`) through a V8 code cache, as Node 22's
 * `module.enableCompileCache()` does (Node 20 has no such switch). Compiling our bundle is a
 * large share of a short command's run time; with the cache V8 skips parsing and compiling the
 * functions an earlier run used. The cache lives in `$CLAUDE_HYBRID_HOME/cache/v8/`, is keyed by
 * the bundle's size and mtime and the Node version, and V8 itself rejects data that does not
 * match the source or its flags. Any problem falls back to a normal compile: the cache can only
 * cost speed, never correctness.
 */
export function loadWithCompileCache(file: string, cacheDir: string | undefined): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir === undefined ? undefined : cachePath(file, cacheDir);
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(wrap(source), {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const moduleObject = { exports: {} as unknown };
  const factory = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void; // the CommonJS wrapper's signature
  factory(moduleObject.exports, createRequire(file), moduleObject, file, dirname(file));
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit so the data includes every function this run compiled.
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
        // Caches of other builds (an upgrade, a rebuild) are dead weight: drop them.
        const current = basename(cacheFile);
        for (const name of readdirSync(dirname(cacheFile))) {
          if (name.startsWith('app-') && name.endsWith('.bin') && name !== current)
            rmSync(join(dirname(cacheFile), name), { force: true });
        }
      } catch {
        // A read-only home only costs speed.
      }
    });
  }
  return moduleObject.exports;
}

function cachePath(file: string, cacheDir: string): string | undefined {
  try {
    const stats = statSync(file);
    return join(
      cacheDir,
      `app-${process.version}-${process.arch}-${stats.size}-${Math.trunc(stats.mtimeMs)}.bin`,
    );
  } catch {
    return undefined;
  }
}
