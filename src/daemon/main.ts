/**
 * The daemon process (dist/daemon.cjs): `node daemon.cjs [--port N] [--strict-port]`. Takes the
 * home's daemon lock first (daemon-lock.ts): when another daemon holds it, prints
 * `locked <pid>` and exits 3. When port N is taken it listens on a free port instead (recorded
 * in daemon.json like any port), unless --strict-port, where it prints `port-taken N` and exits
 * 4. Listens on 127.0.0.1,
 * writes `$CLAUDE_HYBRID_HOME/daemon.json` (port, pid, token; mode 0600; the token itself is
 * kept in daemon.token across restarts), prints `ready <port>`,
 * and on SIGTERM, SIGINT or `POST /shutdown` stops accepting, finishes what it has, closes its
 * stores and removes the file. Every event is written before it is acknowledged, so nothing
 * acknowledged is lost to a crash.
 */
import { ensurePrivateDir } from '../files/index.js';
import { resolveHybridHome } from '../config/index.js';
import { VERSION } from '../version.js';
import { daemonToken, removeDaemonFile, writeDaemonFile, writeRelayConfig } from './daemon-file.js';
import { acquireDaemonLock, daemonLockHolder } from './daemon-lock.js';
import { ProjectPolicies } from './project-policy.js';
import { startDaemonServer } from './server.js';
import { watchSpool } from './spool-watcher.js';
import { startDaemonTelemetry } from '../telemetry/daemon-telemetry.js';
import { flushTracing } from '../telemetry/tracing-state.js';

async function main(): Promise<void> {
  const portArgument = process.argv.indexOf('--port');
  const port = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
  const strictPort = process.argv.includes('--strict-port');
  const hybridHome = resolveHybridHome(process.env);
  ensurePrivateDir(hybridHome, { tighten: true });
  const token = daemonToken(hybridHome);
  // Before anything is written: a daemon that loses leaves the winner's files alone.
  const lock = await acquireDaemonLock({ hybridHome, token });
  if (lock === undefined) {
    const holder = await daemonLockHolder({ hybridHome, token });
    process.stdout.write(`locked ${holder ?? 0}\n`);
    process.exit(3);
  }
  let stopping = false;
  let close: () => Promise<void> = () => Promise.resolve();
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    removeDaemonFile(hybridHome, process.pid);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // stderr is daemon.log (daemon-client.ts starts the daemon with it there).
  const policies = new ProjectPolicies({
    hybridHome,
    log: (line) => {
      process.stderr.write(`${line}\n`);
    },
  });
  const listen = (on: number) =>
    startDaemonServer(
      {
        hybridHome,
        token,
        port: on,
        version: VERSION,
        policyFor: (root) => policies.policyFor(root),
        policyProblems: () => policies.problems(),
      },
      stop,
    );
  let daemon;
  try {
    daemon = await listen(port);
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(
      `claude-hybrid daemon: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`,
    );
    if (taken && strictPort) {
      process.stdout.write(`port-taken ${port}\n`);
      process.exit(4);
    }
    if (!taken || port === 0) process.exit(1);
    // Another user's or home's daemon (or any program) has it: any free port will do, since
    // daemon.json records it and hooks install reads it from there.
    daemon = await listen(0);
    process.stderr.write(`claude-hybrid daemon: listening on port ${daemon.port} instead\n`);
  }
  // Spans still queued are sent at stop, within a second: a dead collector never holds it up.
  close = () =>
    daemon
      .close()
      .then(() => flushTracing(1_000))
      .finally(() => {
        lock.release();
      });
  // Before `ready`: the first hook is already measured and traced.
  await startDaemonTelemetry(hybridHome, daemon.handler, (line) => {
    process.stderr.write(`${line}\n`);
  });
  // Before daemon.json: hook-relay.sh takes daemon.json as the sign that relay.curlrc is there.
  writeRelayConfig(hybridHome, token);
  writeDaemonFile(hybridHome, {
    port: daemon.port,
    pid: process.pid,
    token,
    startedAt: Date.now(),
    version: VERSION,
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`ready ${daemon.port}\n`);
  // After `ready`: a large backlog must not hold up the start.
  const handler = daemon.handler;
  setImmediate(() => {
    watchSpool(hybridHome, handler);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `claude-hybrid daemon: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  removeDaemonFile(resolveHybridHome(process.env), process.pid);
  process.exit(1);
});
