// The library: `import('claude-hybrid')` as a whole process against `node -e 0`, in-process
// `hybrid.run` on sim after the first call (distinct tasks, so each is a real run through the
// cache, the client and memory), and RSS growth over 1,000 sequential runs after 1,000 more.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, isolatedProject } from './fixtures.mjs';
import { compareProcesses, ratioToNode, timeProcess } from './harness.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** What the child measures in process: run latency and memory, printed as one JSON line. */
const RUNS_SCRIPT = `
import { createHybrid } from 'claude-hybrid';
const hybrid = await createHybrid({ cwd: process.cwd(), provider: 'sim' });
const task = (i) => 'write unit tests for the date parser, case ' + i;
await hybrid.run(task(-1));
const latencies = [];
for (let i = 0; i < 500; i += 1) {
  const started = performance.now();
  await hybrid.run(task(i));
  latencies.push(performance.now() - started);
}
const repeated = [];
for (let i = 0; i < 200; i += 1) {
  const started = performance.now();
  await hybrid.run(task(0));
  repeated.push(performance.now() - started);
}
// Steady state first: SQLite's page caches and the JIT fill during the first thousand runs.
for (let i = 0; i < 300; i += 1) await hybrid.run(task(500 + i));
globalThis.gc();
const before = process.memoryUsage();
for (let i = 0; i < 1000; i += 1) await hybrid.run(task(1000 + i));
globalThis.gc();
const after = process.memoryUsage();
await hybrid.close();
const p = (values, q) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];
console.log(JSON.stringify({
  p50: p(latencies, 0.5), p95: p(latencies, 0.95),
  cachedP50: p(repeated, 0.5),
  growthMb: (after.rss - before.rss) / 1024 / 1024,
  heapGrowthMb: (after.heapUsed - before.heapUsed) / 1024 / 1024,
}));
`;

export async function library() {
  const { root, env } = isolatedProject();
  // The package installed in a project, laid out as npm lays it out: its package.json and
  // dist/ in node_modules/claude-hybrid, its one dependency beside it (no symlink to resolve).
  const installed = join(root, 'node_modules', 'claude-hybrid');
  mkdirSync(installed, { recursive: true });
  cpSync(join(REPO, 'package.json'), join(installed, 'package.json'));
  cpSync(join(REPO, 'dist'), join(installed, 'dist'), { recursive: true });
  symlinkSync(
    join(REPO, 'node_modules', 'better-sqlite3'),
    join(root, 'node_modules', 'better-sqlite3'),
    'dir',
  );
  timeProcess(process.execPath, [CLI, 'init'], { cwd: root, env });
  const options = { cwd: root, env };
  const results = [];
  const imported = compareProcesses({
    baseline: [process.execPath, ['-e', '0'], options],
    subject: [process.execPath, ['-e', "import('claude-hybrid')"], options],
  });
  results.push(ratioToNode('library.import.vs-node', imported, 1.3));
  const required = compareProcesses({
    baseline: [process.execPath, ['-e', '0'], options],
    subject: [process.execPath, ['-e', "require('claude-hybrid')"], options],
  });
  results.push(ratioToNode('library.require.vs-node', required, undefined));
  writeFileSync(join(root, 'runs.mjs'), RUNS_SCRIPT);
  const child = spawnSync(process.execPath, ['--expose-gc', 'runs.mjs'], {
    ...options,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`library runs failed: ${child.stderr.slice(0, 800)}`);
  const measured = JSON.parse(child.stdout.trim().split('\n').pop());
  results.push(
    {
      name: 'library.run.sim.p50',
      value: measured.p50,
      unit: 'ms',
      p95: measured.p95,
      target: '<= 2 ms',
      pass: measured.p50 <= 2,
    },
    {
      name: 'library.run.sim.cached.p50',
      value: measured.cachedP50,
      unit: 'ms',
    },
    {
      name: 'library.run.sim.1000-runs.rss-growth',
      value: measured.growthMb,
      unit: 'MB',
      // The heap's share: the in-memory response cache keeping each new answer (bounded, 64 MB).
      heapGrowthMb: measured.heapGrowthMb,
      target: '<= 10 MB',
      pass: measured.growthMb <= 10,
    },
  );
  return results;
}
