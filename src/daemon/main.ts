/**
 * The daemon process (dist/daemon.cjs): `node daemon.cjs [--port N]`. Listens on 127.0.0.1,
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
import { ProjectPolicies } from './project-policy.js';
import { startDaemonServer } from './server.js';
import { watchSpool } from './spool-watcher.js';

async function main(): Promise<void> {
  const portArgument = process.argv.indexOf('--port');
  const port = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
  const hybridHome = resolveHybridHome(process.env);
  ensurePrivateDir(hybridHome, { tighten: true });
  const token = daemonToken(hybridHome);
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
  let daemon;
  try {
    daemon = await startDaemonServer(
      {
        hybridHome,
        token,
        port,
        version: VERSION,
        policyFor: (root) => policies.policyFor(root),
        policyProblems: () => policies.problems(),
      },
      stop,
    );
  } catch (error) {
    process.stderr.write(
      `claude-hybrid daemon: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  close = () => daemon.close();
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
