// The live dashboard (issue 17): fan-out of hook events to 50 connected pages at 1,000 events/s
// (load generator and pages each in their own process) with the daemon's CPU use; the page's
// first contentful paint in Debian's Chromium and its gzipped JS; and a /metrics scrape with
// 200,000 recorded events.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CLI, isolatedProject } from './fixtures.mjs';
import { median, percentile, timeProcess } from './harness.mjs';
import { startDaemon, stop } from './daemon.mjs';

const LOAD = fileURLToPath(new URL('./dashboard-load.mjs', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./dashboard-clients.mjs', import.meta.url));
const PAGE_DIR = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** The daemon's CPU seconds so far (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function lines(child) {
  const queue = [];
  const waiters = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    }
  });
  return () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise((resolve) => waiters.push(resolve));
}

async function api(info, path) {
  const response = await fetch(`http://127.0.0.1:${info.port}${path}`, {
    headers: { authorization: `Bearer ${info.token}` },
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return response;
}

/** Posts one hook so the daemon knows (and follows) the project. */
async function touch(info, root) {
  await fetch(`http://127.0.0.1:${info.port}/hooks/SessionStart`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}` },
    body: JSON.stringify({ session_id: 'bench', cwd: root }),
  });
}

async function fanOut(root, env) {
  const daemon = await startDaemon(env);
  try {
    await touch(daemon.info, root);
    const { port, token } = daemon.info;
    const clients = spawn(process.execPath, [CLIENTS, String(port), token, root, '50'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const clientLine = lines(clients);
    if ((await clientLine()) !== 'READY') throw new Error('clients did not connect');
    const cpuBefore = cpuSeconds(daemon.child.pid);
    const clientsBefore = cpuSeconds(clients.pid);
    const began = performance.now();
    const load = spawn(process.execPath, [LOAD, String(port), token, root, '1000', '5000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const loaded = JSON.parse(await lines(load)());
    // Let the last events reach the pages.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seconds = (performance.now() - began) / 1000;
    const cores = (cpuSeconds(daemon.child.pid) - cpuBefore) / seconds;
    const clientCores = (cpuSeconds(clients.pid) - clientsBefore) / seconds;
    clients.stdin.end();
    const delivered = JSON.parse(await clientLine());
    return { loaded, delivered, cores, clientCores };
  } finally {
    await stop(daemon);
  }
}

async function paint(root, env) {
  const require = createRequire(import.meta.url);
  const { chromium } = require('playwright-core');
  const daemon = await startDaemon(env);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await touch(daemon.info, root);
    const cookie = {
      name: `claude_hybrid_${daemon.info.port}`,
      value: daemon.info.token,
      domain: '127.0.0.1',
      path: '/',
    };
    const paints = [];
    for (let run = 0; run < 7; run += 1) {
      // A new context each time: an empty cache, as a first visit.
      const context = await browser.newContext();
      await context.addCookies([cookie]);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${daemon.info.port}/#/live`, { waitUntil: 'load' });
      const fcp = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const found = () => performance.getEntriesByName('first-contentful-paint')[0];
            const entry = found();
            if (entry) resolve(entry.startTime);
            else
              new globalThis.PerformanceObserver(() => {
                const late = found();
                if (late) resolve(late.startTime);
              }).observe({ type: 'paint', buffered: true });
          }),
      );
      if (run > 1) paints.push(fcp);
      await context.close();
    }
    return paints;
  } finally {
    await browser.close();
    await stop(daemon);
  }
}

/** 200,000 events of the kinds a busy project records, appended through better-sqlite3. */
function fillEvents(root) {
  const require = createRequire(import.meta.url);
  const Database = require('better-sqlite3');
  const db = new Database(join(root, '.claude-hybrid', 'state.db'));
  const insert = db.prepare(
    'INSERT INTO events (ts, type, version, source, session, run, payload) VALUES (?, ?, 1, ?, ?, ?, ?)',
  );
  const models = ['claude-haiku-4-5', 'claude-sonnet-4-5', 'claude-opus-4-1'];
  const agents = ['engineer', 'qa', 'research', 'ops', 'security'];
  const tools = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write'];
  const start = Date.now() - 30 * 86_400_000;
  const fill = db.transaction(() => {
    for (let index = 0; index < 200_000; index += 1) {
      const ts = start + index * 12_000;
      const session = `session-${Math.floor(index / 400)}`;
      const kind = index % 10;
      if (kind < 4)
        insert.run(
          ts,
          'hook.PreToolUse',
          'daemon',
          session,
          null,
          JSON.stringify({
            session_id: session,
            cwd: root,
            tool_name: tools[index % 6],
            tool_use_id: `t${index}`,
            tool_input: { command: `echo ${index}` },
          }),
        );
      else if (kind < 8)
        insert.run(
          ts,
          'tool.completed',
          'daemon',
          session,
          null,
          JSON.stringify({
            toolUseId: `t${index - 4}`,
            toolName: tools[index % 6],
            durationMs: (index % 97) * 13,
            failed: index % 31 === 0,
          }),
        );
      else {
        const run = `run-${index}`;
        insert.run(
          ts,
          'run.completed',
          'cli',
          null,
          run,
          JSON.stringify({
            runId: run,
            agent: agents[index % 5],
            model: models[index % 3],
            provider: 'anthropic',
            simulated: false,
            cached: index % 7 === 0,
            inputTokens: 1200,
            outputTokens: 300,
            cacheWriteTokens: 0,
            cacheReadTokens: 800,
            costUsd: 0.0042,
            durationMs: 800 + (index % 400),
            attempts: index % 13 === 0 ? 2 : 1,
          }),
        );
      }
    }
  });
  fill();
  db.close();
}

async function scrape(root, env) {
  // The store and projects.json exist once the daemon has seen the project.
  let daemon = await startDaemon(env);
  await touch(daemon.info, root);
  await stop(daemon);
  fillEvents(root);
  daemon = await startDaemon(env);
  try {
    const began = performance.now();
    // Answers once the project's past is read.
    await api(daemon.info, `/api/performance?project=${encodeURIComponent(root)}`);
    const readMs = performance.now() - began;
    const times = [];
    let bytes = 0;
    for (let run = 0; run < 40; run += 1) {
      const sent = performance.now();
      const text = await (await api(daemon.info, '/metrics')).text();
      if (run >= 5) times.push(performance.now() - sent);
      bytes = text.length;
    }
    const status = await (await api(daemon.info, '/status')).json();
    return { times, readMs, bytes, rss: status.rssBytes / 1024 / 1024 };
  } finally {
    await stop(daemon);
  }
}

export async function dashboard() {
  const results = [];
  const { root, env } = isolatedProject();
  timeProcess(process.execPath, [CLI, 'init'], { cwd: root, env });

  const { loaded, delivered, cores, clientCores } = await fanOut(root, env);
  const expected = loaded.sent * 50;
  results.push(
    {
      name: 'dashboard.fanout.p99',
      value: delivered.p99,
      unit: 'ms',
      target: '<= 50 ms (1,000 events/s to 50 pages)',
      pass: delivered.p99 <= 50 && delivered.count === expected && loaded.failed === 0,
      p50: delivered.p50,
      p95: delivered.p95,
      max: delivered.max,
      delivered: delivered.count,
      expected,
      rate: loaded.sent / loaded.seconds,
      clientCores,
    },
    {
      name: 'dashboard.fanout.daemon-cores',
      value: cores,
      unit: 'cores',
      target: '<= 1 core',
      pass: cores <= 1,
    },
  );

  if (existsSync(CHROMIUM) && existsSync(join(PAGE_DIR, 'index.html'))) {
    const paints = await paint(root, env);
    results.push({
      name: 'dashboard.first-contentful-paint.p50',
      value: median(paints),
      unit: 'ms',
      target: '<= 300 ms',
      pass: median(paints) <= 300,
      worst: Math.max(...paints),
    });
  } else
    process.stderr.write(
      'bench: dashboard paint skipped (no /usr/bin/chromium or no dist/dashboard)\n',
    );
  const scripts = existsSync(PAGE_DIR)
    ? readdirSync(PAGE_DIR).filter((name) => name.endsWith('.js'))
    : [];
  const gzipped =
    scripts.reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(PAGE_DIR, name)), { level: 9 }).length,
      0,
    ) / 1024;
  results.push({
    name: 'dashboard.js.gzipped',
    value: gzipped,
    unit: 'KB',
    target: '<= 250 KB',
    pass: scripts.length > 0 && gzipped <= 250,
  });

  const scraped = await scrape(root, env);
  results.push(
    {
      name: 'dashboard.metrics-scrape.200k-events.p50',
      value: median(scraped.times),
      unit: 'ms',
      target: '<= 20 ms',
      pass: percentile(scraped.times, 95) <= 20,
      p95: percentile(scraped.times, 95),
      bytes: scraped.bytes,
    },
    {
      name: 'dashboard.read-200k-events',
      value: scraped.readMs,
      unit: 'ms',
      rssMb: scraped.rss,
    },
  );
  return results;
}
