// The MCP server (issue 16): tool latency through the daemon's /mcp on loopback (memory_search
// over 10,000 entries, agents_route), `claude-hybrid mcp` start to its first tools/list answer
// against `node -e 0` (a relay while the daemon runs), its memory per instance, ten instances
// with the daemon (summed PSS), and the in-process server's memory with the daemon down.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { bundleForBench } from './bundle.mjs';
import { CLI, isolatedProject } from './fixtures.mjs';
import { median, percentile } from './harness.mjs';

const ENTRIES_PER_FILE = 500;
const FILES = 20; // 10,000 memory entries
/** The MCP server audited in the seeds, per instance (claude-flow's, measured there). */
const SEED_SERVER_MB = 132.8;
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  },
};

function cli(args, where) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: where.root,
    env: where.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** 10,000 distinct entries over 20 memory files, written as the memory files they are. */
async function fillMemory(root) {
  const file = bundleForBench(
    'mcp-memory',
    "export { renderMemoryFile, MEMORY_SECTIONS } from './src/memory/index.ts'; export { distinctText } from './src/memory/test-fixtures/distinct-text.ts';",
    ['better-sqlite3'],
  );
  const modules = await import(file);
  const dir = join(root, '.claude-hybrid', 'memories');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const words = [];
  for (let agent = 0; agent < FILES; agent += 1) {
    const entries = Array.from({ length: ENTRIES_PER_FILE }, (_, index) => ({
      section: modules.MEMORY_SECTIONS[index % modules.MEMORY_SECTIONS.length],
      date: '2026-11-30',
      content: modules.distinctText(agent, index),
    }));
    words.push(entries[agent * 7].content.split(' ')[0]);
    writeFileSync(
      join(dir, `agent-${agent}.md`),
      modules.renderMemoryFile(`agent-${agent}`, entries),
      {
        mode: 0o600,
      },
    );
  }
  return words;
}

/** A client of the daemon's /mcp: one session, keep-alive, answers read from the event stream. */
function mcpClient(info, project) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let session;
  let nextId = 10;
  const post = (message) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(message);
      const call = request(
        {
          host: '127.0.0.1',
          port: info.port,
          path: '/mcp',
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${info.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            accept: 'application/json, text/event-stream',
            'x-claude-hybrid-project': project,
            ...(session === undefined ? {} : { 'mcp-session-id': session }),
          },
        },
        (response) => {
          session ??= response.headers['mcp-session-id'];
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            const data = text
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => JSON.parse(line.slice(5)));
            resolve(data.at(-1));
          });
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  return {
    async open() {
      await post(INITIALIZE);
      await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    },
    async tool(name, args) {
      nextId += 1;
      const answer = await post({
        jsonrpc: '2.0',
        id: nextId,
        method: 'tools/call',
        params: { name, arguments: args },
      });
      if (answer?.result?.isError !== false && answer?.result?.structuredContent === undefined)
        throw new Error(`${name}: ${JSON.stringify(answer).slice(0, 300)}`);
      return answer.result.structuredContent;
    },
    close: () => agent.destroy(),
  };
}

async function latency(runs, action) {
  const samples = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await action(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { rssMb: kb(status, 'VmRSS') / 1024, pssMb: kb(rollup, 'Pss') / 1024 };
}

/**
 * Starts `claude-hybrid mcp` and resolves once it has answered initialize and tools/list, with
 * the time that took and the process (still running: end its stdin to stop it).
 */
function startServer(where) {
  const began = performance.now();
  const child = spawn(process.execPath, [CLI, 'mcp', '--provider', 'sim'], {
    cwd: where.root,
    env: where.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      if (output.includes('"id":1,') || output.includes('"id":1}')) {
        if (!output.includes('"id":2')) {
          child.stdin.write(
            `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
          );
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
        }
      }
      if (output.includes('"id":2')) {
        resolve({ child, ms: performance.now() - began, stop: () => (child.stdin.end(), exited) });
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
      }
    });
    child.once('error', reject);
    child.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
  });
}

function baselineMs(where) {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { cwd: where.root, env: where.env });
  return performance.now() - start;
}

export async function mcp() {
  const where = isolatedProject();
  cli(['init'], where);
  const words = await fillMemory(where.root);
  cli(['daemon', 'start', '--port', '0'], where);
  const info = JSON.parse(readFileSync(join(where.env.CLAUDE_HYBRID_HOME, 'daemon.json'), 'utf8'));
  const results = [];
  try {
    const client = mcpClient(info, where.root);
    await client.open();
    const first = await client.tool('memory_search', { query: words[0] });
    if (first.hits.length === 0)
      throw new Error('memory_search found nothing: the fixture is wrong');
    await latency(100, (index) =>
      client.tool('memory_search', { query: words[index % words.length] }),
    );
    const search = await latency(1_000, (index) =>
      client.tool('memory_search', { query: words[index % words.length] }),
    );
    results.push({
      name: 'mcp.http.memory_search.10k.p50',
      value: median(search),
      unit: 'ms',
      p95: percentile(search, 95),
      target: '<= 3 ms',
      pass: median(search) <= 3,
    });
    const tasks = [
      'write unit tests for the date parser',
      'the checkout API is slow under load, profile it and fix the N+1 queries',
      'review this pull request for security problems',
    ];
    await latency(100, (index) =>
      client.tool('agents_route', { task: tasks[index % tasks.length] }),
    );
    const route = await latency(1_000, (index) =>
      client.tool('agents_route', { task: tasks[index % tasks.length] }),
    );
    results.push({
      name: 'mcp.http.agents_route.p50',
      value: median(route),
      unit: 'ms',
      p95: percentile(route, 95),
      target: '<= 2 ms',
      pass: median(route) <= 2,
    });
    client.close();

    // claude-hybrid mcp while the daemon runs (a relay): start to first tools/list, alternated
    // with `node -e 0`, and its memory once it has answered.
    const starts = [];
    const bases = [];
    const rss = [];
    for (let round = 0; round < 3 + 21; round += 1) {
      const base = baselineMs(where);
      const server = await startServer(where);
      const used = memoryOf(server.child.pid);
      await server.stop();
      if (round < 3) continue;
      bases.push(base);
      starts.push(server.ms);
      rss.push(used.rssMb);
    }
    const ratio = median(starts) / median(bases);
    results.push({
      name: 'mcp.stdio.first-tools-list.vs-node',
      value: ratio,
      unit: 'ratio',
      subjectMs: median(starts),
      baseline: { name: 'node -e 0', value: median(bases), unit: 'ms' },
      target: '<= 1.6x',
      pass: ratio <= 1.6,
    });
    results.push({
      name: 'mcp.stdio.rss-per-instance',
      value: median(rss),
      unit: 'MB',
      target: '<= 45 MB',
      pass: median(rss) <= 45,
    });

    // Ten sessions at once, the daemon included: summed proportional set size.
    const ten = await Promise.all(Array.from({ length: 10 }, () => startServer(where)));
    const pss =
      ten.reduce((sum, server) => sum + memoryOf(server.child.pid).pssMb, 0) +
      memoryOf(info.pid).pssMb;
    await Promise.all(ten.map((server) => server.stop()));
    const limit = 0.35 * 10 * SEED_SERVER_MB;
    results.push({
      name: 'mcp.stdio.ten-instances.pss',
      value: pss,
      unit: 'MB',
      target: `<= ${limit.toFixed(1)} MB (0.35 x 10 x ${SEED_SERVER_MB} MB)`,
      pass: pss <= limit,
    });
  } finally {
    cli(['daemon', 'stop'], where);
  }

  // The daemon down: the server runs in its own process.
  const inProcess = [];
  const inProcessMs = [];
  for (let round = 0; round < 5; round += 1) {
    const server = await startServer(where);
    inProcess.push(memoryOf(server.child.pid).rssMb);
    inProcessMs.push(server.ms);
    await server.stop();
  }
  results.push({
    name: 'mcp.stdio.in-process.rss',
    value: median(inProcess),
    unit: 'MB',
    firstToolsListMs: median(inProcessMs),
    target: '<= 70 MB',
    pass: median(inProcess) <= 70,
  });
  return results;
}
