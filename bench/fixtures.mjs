// Isolated project and home directories for process benchmarks, and the corpus location.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const corpus = fileURLToPath(new URL('../../shared/corpora/agents', import.meta.url));
export const CORPUS_DIRS = existsSync(corpus)
  ? [join(corpus, 'voltagent'), join(corpus, 'wshobson')]
  : undefined;

/** Every isolated root made so far, removed by one exit listener (a full run makes dozens). */
const roots = [];

export function isolatedProject() {
  const root = mkdtempSync(join(tmpdir(), 'claude-hybrid-bench-'));
  if (roots.length === 0)
    process.once('exit', () => {
      for (const made of roots) rmSync(made, { recursive: true, force: true });
    });
  roots.push(root);
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    CLAUDE_HYBRID_HOME: join(root, '.claude-hybrid-home'),
    NO_COLOR: '1',
  };
  return { root, env };
}
