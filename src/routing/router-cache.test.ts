import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentText } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { routerWithCache } from './router-cache.js';

function agent(name: string, description: string): AgentDefinition {
  const outcome = parseAgentText(
    `---\nname: ${name}\ndescription: ${description}\n---\n## ${description}\n`,
    `${name}.md`,
  );
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

describe('routerWithCache', () => {
  const agents = [
    agent('tester', 'Writes unit tests and raises coverage'),
    agent('deployer', 'Ships releases through the CI pipeline'),
  ];

  it('reuses the stored index while the fingerprint holds, and rebuilds when it changes', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const first = routerWithCache(agents, { cacheDir: dir, fingerprint: 'one' });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const written = statSync(join(dir, files[0] ?? '')).mtimeMs;
      const again = routerWithCache(agents, { cacheDir: dir, fingerprint: 'one' });
      expect(again.route('raise unit test coverage')).toEqual(
        first.route('raise unit test coverage'),
      );
      expect(statSync(join(dir, files[0] ?? '')).mtimeMs).toBe(written); // read, not rewritten
      routerWithCache(agents, { cacheDir: dir, fingerprint: 'two' });
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('rebuilds from the agents when the stored index is damaged', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      routerWithCache(agents, { cacheDir: dir, fingerprint: 'one' });
      const file = join(dir, readdirSync(dir)[0] ?? '');
      writeFileSync(file, 'not an index');
      const router = routerWithCache(agents, { cacheDir: dir, fingerprint: 'one' });
      expect(router.route('ship the release through CI').agent).toBe('deployer');
      expect(statSync(file).size).toBeGreaterThan(100); // rewritten
    } finally {
      cleanup();
    }
  });
});
