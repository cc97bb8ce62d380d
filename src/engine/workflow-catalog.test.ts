import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import type { workflowCatalog as WorkflowCatalog } from './workflow-catalog.js';

const workflow = (description: string): string =>
  `version: 1\nname: ship\ndescription: ${description}\ninputs:\n  what:\n    description: What to ship\nsteps:\n  - id: build\n    agent: engineer\n    task: Build {{inputs.what}}\n`;

/** A fresh copy of the module, as a new process would load it (nothing in memory yet). */
async function freshCatalog(): Promise<typeof WorkflowCatalog> {
  vi.resetModules();
  return (await import('./workflow-catalog.js')).workflowCatalog;
}

describe('workflowCatalog', () => {
  let root: string;
  let cleanup: () => void;
  let project: string;
  let cacheDir: string;
  const ship = (catalog: Awaited<ReturnType<typeof freshCatalog>>) =>
    catalog(project, cacheDir).find((info) => info.name === 'ship');

  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    project = join(root, 'project');
    cacheDir = join(root, 'cache', 'workflows');
    mkdirSync(join(project, '.claude-hybrid', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.claude-hybrid', 'workflows', 'ship.yaml'), workflow('Ships it.'));
  });
  afterEach(() => {
    cleanup();
  });

  it('lists project and bundled workflows, and keeps what they said for the next process', async () => {
    const listed = (await freshCatalog())(project, cacheDir);
    expect(listed[0]).toMatchObject({
      name: 'ship',
      scope: 'project',
      description: 'Ships it.',
      inputs: [{ name: 'what', required: true }],
      steps: 1,
      problems: [],
    });
    expect(listed.some((info) => info.scope === 'bundled')).toBe(true);
    const [name] = readdirSync(cacheDir);
    const file = join(cacheDir, name ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The next process answers from the file while the workflow's size and mtime are the same.
    writeFileSync(file, readFileSync(file, 'utf8').replace('Ships it.', 'From the cache.'));
    expect(ship(await freshCatalog())?.description).toBe('From the cache.');
  });

  it('reads a workflow again once it changed, and ignores a damaged cache', async () => {
    ship(await freshCatalog());
    writeFileSync(
      join(project, '.claude-hybrid', 'workflows', 'ship.yaml'),
      workflow('Ships it, now with tests.'),
    );
    expect(ship(await freshCatalog())?.description).toBe('Ships it, now with tests.');
    for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), '{"files": 7');
    expect(ship(await freshCatalog())?.description).toBe('Ships it, now with tests.');
  });
});
