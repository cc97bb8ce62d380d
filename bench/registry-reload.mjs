// In-process warm registry reload over the corpus plus bundled agents (unchanged files).
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './harness.mjs';
import { CORPUS_DIRS, isolatedProject } from './fixtures.mjs';

export async function registryReload() {
  if (CORPUS_DIRS === undefined) {
    process.stderr.write('bench: ../shared/corpora absent; skipping registry reload\n');
    return [];
  }
  const outfile = fileURLToPath(
    new URL('../node_modules/.cache/claude-hybrid-bench/agents.mjs', import.meta.url),
  );
  buildSync({
    entryPoints: [fileURLToPath(new URL('../src/agents/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const { AgentRegistry } = await import(outfile);
  const { root } = isolatedProject();
  const registry = new AgentRegistry({
    projectRoot: root,
    hybridHome: `${root}/home`,
    claudeHome: `${root}/claude`,
    bundled: true,
    bundledDir: fileURLToPath(new URL('../src/agents/bundled', import.meta.url)),
    flagPaths: CORPUS_DIRS,
  });
  const first = registry.load();
  const times = [];
  for (let round = 0; round < 60; round += 1) {
    const start = process.hrtime.bigint();
    const snapshot = registry.load();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (snapshot.stats.parsed !== 0) throw new Error('warm reload re-parsed files');
  }
  const warm = times.slice(10);
  return [
    {
      name: 'registry.reload.warm.p50',
      value: median(warm),
      unit: 'ms',
      files: first.stats.files,
      p95: percentile(warm, 95),
      target: '<= 5 ms',
      pass: median(warm) <= 5,
    },
  ];
}
