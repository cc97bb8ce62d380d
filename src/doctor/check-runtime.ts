import { sqliteDriver } from '../store/sqlite-driver.js';
import { checkResult } from './check-result.js';
import type { DoctorCheck } from './types.js';

/** The oldest Node major this release runs on: package.json `engines.node` (`>=20`). */
export const MIN_NODE_MAJOR = 20;

/** Node itself: the version package.json's `engines` asks for. */
export function checkNode(version: string = process.versions.node): DoctorCheck {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR)
    return checkResult('node', 'Node.js', 'ok', `v${version} (needs >= ${MIN_NODE_MAJOR})`);
  return checkResult(
    'node',
    'Node.js',
    'fail',
    `v${version} is older than the ${MIN_NODE_MAJOR} this release needs`,
    `install Node.js ${MIN_NODE_MAJOR} or newer (nodejs.org, or nvm install ${MIN_NODE_MAJOR}), then reinstall claude-hybrid with it`,
  );
}

/**
 * The native SQLite module the store opens: it loads and opens an in-memory database. A build
 * for another Node ABI fails here, as the store would.
 */
export function checkSqlite(
  load: () => ReturnType<typeof sqliteDriver> = sqliteDriver,
): DoctorCheck {
  const title = 'SQLite (better-sqlite3)';
  try {
    const Database = load();
    const db = new Database(':memory:');
    try {
      const row = db.prepare('select sqlite_version() as version').get() as { version: string }; // one column, named above
      return checkResult('sqlite', title, 'ok', `loads; SQLite ${row.version}`);
    } finally {
      db.close();
    }
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    return checkResult(
      'sqlite',
      title,
      'fail',
      `cannot load or open it: ${message}`,
      /NODE_MODULE_VERSION|was compiled against/.test(message)
        ? 'it was built for another Node.js version: npm rebuild better-sqlite3 (in the claude-hybrid install folder), or reinstall claude-hybrid'
        : 'reinstall claude-hybrid so its better-sqlite3 dependency is installed and built (npm install -g claude-hybrid)',
    );
  }
}
