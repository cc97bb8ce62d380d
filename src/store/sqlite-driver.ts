import { lazyRequire } from '../files/index.js';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3, loaded on first use. It is a native addon, and loading it costs milliseconds,
 * so commands that never open the store (`agents list`, `--version`) must not pay for it.
 * It is CommonJS, so a synchronous require keeps `openStore` synchronous.
 */
let driver: typeof BetterSqlite3 | undefined;

export function sqliteDriver(): typeof BetterSqlite3 {
  driver ??= lazyRequire('better-sqlite3') as typeof BetterSqlite3; // the package's own type
  return driver;
}
