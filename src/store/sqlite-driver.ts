import { lazyRequire } from '../files/index.js';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3, loaded on first use. It is a native addon, and loading it costs milliseconds,
 * so commands that never open the store (`agents list`, `--version`) must not pay for it.
 * It is CommonJS, so a synchronous require keeps `openStore` synchronous.
 */
let driver: typeof BetterSqlite3 | undefined;

/**
 * The addon itself, required by its path. better-sqlite3's own lookup (the `bindings` package)
 * reads the call stack and tries several folders first, about a tenth of a process start.
 * Undefined where the addon is elsewhere (a custom build): the package's lookup then runs.
 */
function directAddon(): object | undefined {
  try {
    return lazyRequire('better-sqlite3/build/Release/better_sqlite3.node') as object; // the addon module
  } catch {
    return undefined;
  }
}

export function sqliteDriver(): typeof BetterSqlite3 {
  if (driver !== undefined) return driver;
  const Database = lazyRequire('better-sqlite3') as typeof BetterSqlite3; // the package's own type
  const addon = directAddon();
  driver =
    addon === undefined
      ? Database
      : new Proxy(Database, {
          // Every database opens with the addon already loaded; a caller's own nativeBinding wins.
          construct: (target, args: unknown[]) =>
            Reflect.construct(target, [
              args[0],
              { nativeBinding: addon, ...(args[1] as BetterSqlite3.Options | undefined) },
            ]) as object,
        });
  return driver;
}
