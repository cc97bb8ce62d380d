import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentText } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { routeIndex, routeOnce } from './router-cache.js';
import type { LoadedAgent } from './router-cache.js';

function agent(name: string, description: string, model = ''): AgentDefinition {
  const outcome = parseAgentText(
    `---\nname: ${name}\ndescription: ${description}\n${model === '' ? '' : `model: ${model}\n`}---\n## ${description}\n`,
    `${name}.md`,
  );
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

describe('routeIndex', () => {
  const agents: LoadedAgent[] = [
    { definition: agent('tester', 'Writes unit tests and raises coverage', 'haiku'), size: 120 },
    { definition: agent('deployer', 'Ships releases through the CI pipeline'), size: 340 },
  ];
  let loads = 0;
  const load = (): LoadedAgent[] => {
    loads += 1;
    return agents;
  };

  it('reuses the stored index and agent facts while the fingerprint holds, without loading', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      loads = 0;
      const first = routeIndex({ cacheDir: dir, fingerprint: 'one' }, load);
      expect(loads).toBe(1);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const written = statSync(join(dir, files[0] ?? '')).mtimeMs;
      const again = routeIndex({ cacheDir: dir, fingerprint: 'one' }, load);
      expect(loads).toBe(1); // served from the file
      expect(again.agents).toEqual([
        { name: 'tester', model: 'haiku', size: 120 },
        { name: 'deployer', model: undefined, size: 340 },
      ]);
      expect(again.router.route('raise unit test coverage')).toEqual(
        first.router.route('raise unit test coverage'),
      );
      expect(statSync(join(dir, files[0] ?? '')).mtimeMs).toBe(written); // read, not rewritten
      routeIndex({ cacheDir: dir, fingerprint: 'two' }, load);
      expect(loads).toBe(2);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('rebuilds from the agents when the stored index is damaged', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      routeIndex({ cacheDir: dir, fingerprint: 'one' }, load);
      const file = join(dir, readdirSync(dir)[0] ?? '');
      for (const damage of ['not an index', 'RTE2\u0000\u0000\u0000\u0010[]']) {
        writeFileSync(file, damage);
        loads = 0;
        const { router } = routeIndex({ cacheDir: dir, fingerprint: 'one' }, load);
        expect(loads).toBe(1);
        expect(router.route('ship the release through CI').agent).toBe('deployer');
        expect(statSync(file).size).toBeGreaterThan(100); // rewritten
      }
    } finally {
      cleanup();
    }
  });

  it('keeps which agents are copies, so their alternatives stay distinct', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const copies: LoadedAgent[] = [
        ...agents,
        { definition: agent('tester-copy', 'Writes unit tests and raises coverage'), size: 120 },
      ];
      const first = routeIndex({ cacheDir: dir, fingerprint: 'copies' }, () => copies);
      const again = routeIndex({ cacheDir: dir, fingerprint: 'copies' }, () => []);
      expect(again.router.copies).toEqual([0, 1, 0]);
      const alternatives = again.router.route('raise unit test coverage').alternatives;
      expect(alternatives.map((alternative) => alternative.agent)).toEqual(['tester']);
      expect(alternatives).toEqual(first.router.route('raise unit test coverage').alternatives);
    } finally {
      cleanup();
    }
  });

  it('routes once from the file and leaves no file open', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const openFiles = (): number => readdirSync('/proc/self/fd').length;
      const first = routeOnce(
        { cacheDir: dir, fingerprint: 'fds' },
        load,
        'raise unit test coverage',
      );
      const before = openFiles();
      for (let round = 0; round < 20; round += 1) {
        const again = routeOnce(
          { cacheDir: dir, fingerprint: 'fds' },
          () => [],
          'raise unit test coverage',
        );
        expect(again).toEqual(first);
      }
      expect(openFiles()).toBe(before);
      const held = routeIndex({ cacheDir: dir, fingerprint: 'fds' }, () => []);
      expect(openFiles()).toBe(before + 1); // kept for the router's lookups
      held.close();
      expect(openFiles()).toBe(before);
    } finally {
      cleanup();
    }
  });

  it('builds in memory when there is no cache directory', () => {
    loads = 0;
    expect(routeIndex({ fingerprint: 'x' }, load).router.agentCount).toBe(2);
    expect(routeIndex({ fingerprint: 'x' }, load).router.agentCount).toBe(2);
    expect(loads).toBe(2);
  });
});
