import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuilt, tempProject } from '../support/cli.js';

/** A project with a running daemon, for the policy probe classes (D1, D2). */
export interface PolicyDaemon {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly configFile: string;
  /** Writes the project's config with a new mtime, so the change is seen at once. */
  writeConfig(text: string): void;
  /** A PreToolUse for Bash `command`: the decision ('deny' or undefined) and the time taken. */
  bash(command: string): Promise<{ decision: string | undefined; ms: number; status: number }>;
  /** GET /health: its time, or Infinity when it did not answer within `timeoutMs`. */
  health(timeoutMs?: number): Promise<number>;
  /** daemon.log's lines about the Bash policy. */
  policyLog(): string[];
  /** `daemon status --json`'s policyProblems. */
  policyProblems(): Promise<{ root: string; problem: string; action: string }[]>;
}

let tick = 1_000_000;
let ids = 0;

/** Runs `work` against a fresh project and daemon, whose config starts as `config`. */
export async function withPolicyDaemon<T>(
  config: string,
  work: (daemon: PolicyDaemon) => Promise<T>,
): Promise<T> {
  const project = tempProject();
  const { dir, env } = project;
  const configFile = join(dir, '.claude-hybrid', 'config.yaml');
  const writeConfig = (text: string): void => {
    writeFileSync(configFile, text);
    tick += 10;
    utimesSync(configFile, tick, tick);
  };
  try {
    const init = await runBuilt(['init'], { cwd: dir, env });
    if (init.code !== 0) throw new Error(`init: ${init.stderr}`);
    writeConfig(config);
    const started = await runBuilt(['daemon', 'start', '--port', '0'], { cwd: dir, env });
    if (started.code !== 0) throw new Error(`daemon start: ${started.stderr}`);
    const home = env.CLAUDE_HYBRID_HOME ?? '';
    const info = JSON.parse(readFileSync(join(home, 'daemon.json'), 'utf8')) as {
      port: number;
      token: string;
    };
    const base = `http://127.0.0.1:${info.port}`;
    return await work({
      dir,
      env,
      configFile,
      writeConfig,
      async bash(command) {
        const began = performance.now();
        ids += 1;
        const response = await fetch(`${base}/hooks/PreToolUse`, {
          method: 'POST',
          headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            session_id: 'probe',
            cwd: dir,
            tool_name: 'Bash',
            tool_use_id: `probe-${ids}`,
            tool_input: { command },
          }),
          signal: AbortSignal.timeout(30_000),
        });
        const answer = (await response.json()) as {
          hookSpecificOutput?: { permissionDecision?: string };
        };
        return {
          decision: answer.hookSpecificOutput?.permissionDecision,
          ms: performance.now() - began,
          status: response.status,
        };
      },
      async health(timeoutMs = 5_000) {
        const began = performance.now();
        try {
          const response = await fetch(`${base}/health`, {
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.json();
          return performance.now() - began;
        } catch {
          return Number.POSITIVE_INFINITY;
        }
      },
      policyLog() {
        return readFileSync(join(home, 'daemon.log'), 'utf8')
          .split('\n')
          .filter((line) => / policy /.test(line));
      },
      async policyProblems() {
        const status = await runBuilt(['daemon', 'status', '--json'], { cwd: dir, env });
        return (
          (JSON.parse(status.stdout) as { policyProblems?: PolicyDaemonProblem[] })
            .policyProblems ?? []
        );
      },
    });
  } finally {
    await runBuilt(['daemon', 'stop'], { cwd: dir, env });
    project.cleanup();
  }
}

type PolicyDaemonProblem = { root: string; problem: string; action: string };
