// The daemon Claude Code hooks report to: start to ready, idle memory, the http hook round trip
// at 200 events/s sustained, memory after 100,000 events, the command-mode relay against
// `node -e 0`, and /health while one project's hostile deny patterns are flooded (issue 15).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, isolatedProject } from './fixtures.mjs';
import { compareProcesses, median, percentile, timeProcess } from './harness.mjs';

const DAEMON = fileURLToPath(new URL('../dist/daemon.cjs', import.meta.url));
const NODE_RELAY = fileURLToPath(new URL('../dist/hook-relay.cjs', import.meta.url));
const SHELL_RELAY = fileURLToPath(new URL('../dist/hook-relay.sh', import.meta.url));

/** Starts dist/daemon.cjs on a free port; resolves with it once it prints `ready`. */
export function startDaemon(env) {
  const began = performance.now();
  const child = spawn(process.execPath, [DAEMON, '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready ')) {
        const info = JSON.parse(readFileSync(join(env.CLAUDE_HYBRID_HOME, 'daemon.json'), 'utf8'));
        resolve({ child, info, readyMs: performance.now() - began });
      }
    });
    child.once('exit', (code) => reject(new Error(`daemon exited ${code}`)));
  });
}

export async function stop(daemon) {
  const exited = new Promise((resolve) => daemon.child.once('exit', resolve));
  daemon.child.kill('SIGTERM');
  await exited;
}

function post(agent, info, event, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const call = request(
      {
        agent,
        host: '127.0.0.1',
        port: info.port,
        method: 'POST',
        path: `/hooks/${event}`,
        headers: {
          authorization: `Bearer ${info.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`status ${response.statusCode}`)),
        );
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

async function status(info) {
  const response = await fetch(`http://127.0.0.1:${info.port}/status`, {
    headers: { authorization: `Bearer ${info.token}` },
  });
  return response.json();
}

const toolEvent = (project, index) => ({
  session_id: 'bench-session',
  cwd: project,
  hook_event_name: index % 2 === 0 ? 'PreToolUse' : 'PostToolUse',
  tool_name: 'Bash',
  tool_use_id: `toolu_${Math.floor(index / 2)}`,
  tool_input: { command: `echo ${index}`, description: 'bench' },
});

export async function daemon() {
  const results = [];
  const { root, env } = isolatedProject();
  timeProcess(process.execPath, [CLI, 'init'], { cwd: root, env });

  // Start to ready, median of 5 cold starts.
  const starts = [];
  for (let run = 0; run < 5; run += 1) {
    const started = await startDaemon(env);
    starts.push(started.readyMs);
    await stop(started);
  }
  results.push({
    name: 'daemon.start-to-ready.p50',
    value: median(starts),
    unit: 'ms',
    target: '<= 300 ms',
    pass: median(starts) <= 300,
  });

  const running = await startDaemon(env);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idle = (await status(running.info)).rssBytes / 1024 / 1024;
    results.push({
      name: 'daemon.rss.idle',
      value: idle,
      unit: 'MB',
      target: '<= 80 MB',
      pass: idle <= 80,
    });

    // 200 events/s for 5 s, one client with keep-alive, as Claude Code's hooks arrive.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const latencies = [];
    const began = performance.now();
    for (let index = 0; index < 1_000; index += 1) {
      const due = began + index * 5;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      await post(
        agent,
        running.info,
        index % 2 === 0 ? 'PreToolUse' : 'PostToolUse',
        toolEvent(root, index),
      );
      latencies.push(performance.now() - sent);
    }
    const p50 = median(latencies);
    const p99 = percentile(latencies, 99);
    results.push(
      {
        name: 'daemon.hook.http.p50',
        value: p50,
        unit: 'ms',
        target: '<= 2 ms',
        pass: p50 <= 2,
        note: '200 events/s for 5 s, recorded before the answer',
      },
      { name: 'daemon.hook.http.p99', value: p99, unit: 'ms', target: '<= 10 ms', pass: p99 <= 10 },
    );

    // 100,000 events as fast as 8 concurrent clients can send them.
    const total = 100_000;
    let next = 0;
    const floodStart = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < total; index = next++)
          await post(
            agent,
            running.info,
            index % 2 === 0 ? 'PreToolUse' : 'PostToolUse',
            toolEvent(root, 1_000 + index),
          );
      }),
    );
    const seconds = (performance.now() - floodStart) / 1000;
    const after = await status(running.info);
    const rss = after.rssBytes / 1024 / 1024;
    results.push({
      name: 'daemon.rss.after-100k-events',
      value: rss,
      unit: 'MB',
      target: '<= 150 MB',
      pass: rss <= 150 && after.events === total + 1_000,
      note: `${after.events} events recorded, ${(total / seconds).toFixed(0)} events/s`,
    });
    agent.destroy();

    // The command-mode relay against `node -e 0`, both with the same stdin: a PreToolUse (it
    // waits for the daemon's answer) and a Stop (telemetry). The relay `hooks install --mode
    // command` writes on POSIX is hook-relay.sh (curl); the node relay, its fallback when the daemon
    // is down and the relay on Windows, is measured too (it spools telemetry with no network).
    for (const [relayPath, event, name, target] of [
      [SHELL_RELAY, 'PreToolUse', 'daemon.hook.relay.answered.vs-node', true],
      [SHELL_RELAY, 'Stop', 'daemon.hook.relay.telemetry.vs-node', true],
      [NODE_RELAY, 'PreToolUse', 'daemon.hook.relay.node.answered.vs-node', false],
      [NODE_RELAY, 'Stop', 'daemon.hook.relay.node.spooled.vs-node', false],
    ]) {
      const input = JSON.stringify({ ...toolEvent(root, 0), hook_event_name: event });
      const options = { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'], input };
      const before = (await status(running.info)).events;
      const relay = compareProcesses({
        baseline: [process.execPath, ['-e', '0'], options],
        subject:
          relayPath === SHELL_RELAY
            ? ['/bin/sh', [relayPath, event, process.execPath], options]
            : [process.execPath, [relayPath, event], options],
      });
      const ratio = relay.paired;
      // Fast because it failed? Every run of the shell relay must have reached the daemon.
      const delivered = (await status(running.info)).events - before;
      if (relayPath === SHELL_RELAY && delivered < relay.runs)
        throw new Error(`${name}: ${delivered} of ${relay.runs}+ relay runs reached the daemon`);
      results.push({
        name,
        value: ratio,
        unit: 'ratio',
        baseline: { name: 'node -e 0', value: relay.baseline, unit: 'ms' },
        ...(target
          ? { target: '<= 1.1x', pass: ratio <= 1.1 }
          : { note: 'the fallback (daemon down) and the Windows relay; not what POSIX installs' }),
      });
    }

    // Commands the daemon runs for the CLI (POST /cli) against the same commands in-process (a
    // home with no daemon.json), each against `node -e 0` in the same run.
    timeProcess(process.execPath, [CLI, 'memory', 'add', 'engineer', 'Use pnpm, not npm'], {
      cwd: root,
      env,
    });
    const noDaemon = { ...env, CLAUDE_HYBRID_HOME: join(root, '.home-without-daemon') };
    for (const [name, argv] of [
      ['memory-search', ['memory', 'search', 'pnpm', '--json']],
      ['route', ['route', '--json', 'fix the flaky login test']],
    ]) {
      const servedBefore = (await status(running.info)).served;
      const through = compareProcesses({
        baseline: [process.execPath, ['-e', '0'], { cwd: root, env }],
        subject: [process.execPath, [CLI, ...argv], { cwd: root, env }],
      });
      if ((await status(running.info)).served - servedBefore < through.runs)
        throw new Error(`cli.${name}: the daemon did not run every measured command`);
      const here = compareProcesses({
        baseline: [process.execPath, ['-e', '0'], { cwd: root, env: noDaemon }],
        subject: [process.execPath, [CLI, ...argv], { cwd: root, env: noDaemon }],
      });
      const throughRatio = through.paired;
      const hereRatio = here.paired;
      results.push(
        {
          name: `cli.${name}.through-daemon.vs-node`,
          value: throughRatio,
          unit: 'ratio',
          baseline: { name: 'node -e 0', value: through.baseline, unit: 'ms' },
          note: `in-process in the same run: ${hereRatio.toFixed(3)}x`,
        },
        {
          name: `cli.${name}.through-daemon.vs-in-process`,
          value: throughRatio / hereRatio,
          unit: 'ratio',
        },
      );
    }
    results.push(await healthUnderHostilePolicy(running, root, env));
  } finally {
    await stop(running);
  }
  return results;
}

/** GET /health on `agent`: its round trip in milliseconds. */
function health(agent, info) {
  const sent = performance.now();
  return new Promise((resolve, reject) => {
    const call = request(
      { agent, host: '127.0.0.1', port: info.port, method: 'GET', path: '/health' },
      (response) => {
        response.resume();
        response.on('end', () => resolve(performance.now() - sent));
      },
    );
    call.on('error', reject);
    call.end();
  });
}

/**
 * One project holds catastrophic-backtracking deny patterns (the D1 reproduction and worse), and
 * a client floods it with PreToolUse Bash hooks whose commands are built to make them backtrack
 * (30 to 1,920 characters, back to back, for 5 s) while /health is polled every 10 ms on its own
 * connection: its p99. Before re2js, the first such hook blocked the daemon for 31.5 s. The same
 * flood against a project with no patterns, in the same run, is the baseline: what recording
 * the hooks costs /health whatever the policy.
 */
async function healthUnderHostilePolicy(running, root, env) {
  const words = Array.from({ length: 700 }, (_, index) => `w${index.toString(36)}`).join('|');
  const hostile = benchProject(root, env, 'hostile-project', [
    '^(a+)+$',
    '^(a|aa)+$',
    '^(\\w+\\s?)*$',
    '(.*a){12}x',
    `(${words})$`,
  ]);
  const plain = benchProject(root, env, 'plain-project', []);
  const baseline = await healthDuringFlood(running, plain);
  const measured = await healthDuringFlood(running, hostile);
  return {
    name: 'daemon.health.hostile-policy.p99',
    value: measured.p99,
    unit: 'ms',
    baseline: { name: 'the same flood, no patterns', value: baseline.p99, unit: 'ms' },
    target: '<= 10 ms',
    pass: measured.p99 <= 10,
    note: `${measured.polls} /health polls during ${measured.hooks} adversarial hooks to a project with 5 backtracking patterns (max ${measured.max.toFixed(1)} ms; no patterns: ${baseline.hooks} hooks, max ${baseline.max.toFixed(1)} ms)`,
  };
}

/** An initialised project under `root` whose config denies `patterns`. */
function benchProject(root, env, name, patterns) {
  const project = join(root, name);
  mkdirSync(project);
  timeProcess(process.execPath, [CLI, 'init'], { cwd: project, env });
  writeFileSync(
    join(project, '.claude-hybrid', 'config.yaml'),
    `version: 1\nhooks:\n  denyBash: ${JSON.stringify(patterns)}\n`,
  );
  return project;
}

/** /health latencies while one client sends adversarial Bash hooks for `project`, for 5 s. */
async function healthDuringFlood(running, project) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const healthAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const until = performance.now() + 5_000;
  let hooks = 0;
  const flood = (async () => {
    for (let index = 0; performance.now() < until; index += 1) {
      const length = 30 * ((index % 64) + 1);
      const command = index % 2 === 0 ? `${'a'.repeat(length)}!` : `${'word '.repeat(length / 5)}!`;
      await post(agent, running.info, 'PreToolUse', {
        session_id: 'bench-hostile',
        cwd: project,
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_use_id: `hostile_${index}`,
        tool_input: { command },
      });
      hooks += 1;
    }
  })();
  const latencies = [];
  while (performance.now() < until) {
    latencies.push(await health(healthAgent, running.info));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await flood;
  agent.destroy();
  healthAgent.destroy();
  return {
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    polls: latencies.length,
    hooks,
  };
}
