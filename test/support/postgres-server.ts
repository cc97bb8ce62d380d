import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Client as PgClient, ClientConfig } from 'pg';
import { freePort } from './free-port.js';
import { makeTempDir } from './temp-dir.js';

/** Where Debian and Ubuntu install the Postgres 15 server binaries. */
const BIN_DIR = process.env.CLAUDE_HYBRID_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** How long a fresh cluster may take to accept connections on a busy 2-core machine. */
const READY_TIMEOUT_MS = 30_000;

export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/<database>`; trust auth ignores the password. */
  readonly url: string;
  readonly port: number;
  /** The password in `url`, so tests can assert it never reaches a message. */
  readonly password: string;
  /** Creates another empty database on the same server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the postmaster (by its pid) and removes the cluster's directory. */
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/**
 * Why a real Postgres cannot be started here, or undefined when it can. Tests use it with
 * `describe.skipIf` and print it, so a skipped suite always says why.
 */
export function postgresUnavailableReason(): string | undefined {
  if (!existsSync(join(BIN_DIR, 'initdb')) || !existsSync(join(BIN_DIR, 'postgres')))
    return `no Postgres server binaries in ${BIN_DIR} (install postgresql-15 or set CLAUDE_HYBRID_TEST_PG_BIN)`;
  if (isRoot && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root and there is no postgres user to run the server as (initdb refuses root)';
  return undefined;
}

/** The command line to run a server binary as the postgres user when we are root. */
function asPostgres(binary: string, args: readonly string[]): [string, string[]] {
  const path = join(BIN_DIR, binary);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
}

function run(binary: string, args: readonly string[]): void {
  const [command, commandArgs] = asPostgres(binary, args);
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${binary} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function pgClient(config: ClientConfig): PgClient {
  // The test process loads pg the same way the code under test does: lazily, by name.
  // A cast: require returns unknown, and this is the shape @types/pg declares for the module.
  const pg = createRequire(import.meta.url)('pg') as { Client: new (c: ClientConfig) => PgClient };
  return new pg.Client(config);
}

async function waitUntilReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited early:\n${log()}`);
    const client = pgClient({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`postgres did not start: ${String(error)}\n${log()}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a throwaway Postgres in a fresh temporary directory: its own cluster, its own loopback
 * port, its unix socket inside that directory, durability off (fsync, synchronous commit, full
 * page writes) because the data dies with the test. Returns the URL of a fresh database.
 */
export async function startPostgres(
  database = 'claude_hybrid_test',
  /** The loopback port to listen on. @default a free one */
  listenPort?: number,
): Promise<PostgresServer> {
  const reason = postgresUnavailableReason();
  if (reason !== undefined) throw new Error(reason);
  const { dir, cleanup } = makeTempDir('claude-hybrid-pg-');
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  if (isRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = listenPort ?? (await freePort());
  const [command, args] = asPostgres('postgres', [
    ...['-D', data, '-p', String(port), '-k', socketDir],
    ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    ...['-c', 'full_page_writes=off', '-c', 'max_connections=60'],
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-4000);
  });

  function postmasterPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async function stop(): Promise<void> {
    const pid = postmasterPid();
    if (pid !== undefined && processAlive(pid)) {
      // SIGQUIT: immediate shutdown; the cluster is thrown away, no checkpoint is wanted.
      process.kill(pid, 'SIGQUIT');
      const deadline = Date.now() + 10_000;
      while (processAlive(pid) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
    cleanup();
  }

  try {
    await waitUntilReady(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  const password = 'test-secret-pw';
  const urlFor = (name: string): string =>
    `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  async function createDatabase(name: string): Promise<string> {
    const client = pgClient({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
    return urlFor(name);
  }

  const url = await createDatabase(database);
  return { url, port, password, createDatabase, stop };
}

/** The rows of one query, on a connection of its own (for checks in tests). */
export async function queryRows<T>(url: string, sql: string): Promise<T[]> {
  // A cast: require returns unknown; this is the shape @types/pg declares.
  const pg = createRequire(import.meta.url)('pg') as { Client: new (c: ClientConfig) => PgClient };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[]; // rows of the caller's own SELECT
  } finally {
    await client.end();
  }
}
