import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staleRepositoryMarketplace } from './repository-marketplace.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe("the repository's marketplace copy", () => {
  it('matches what a plugin build of the sources writes', () => {
    expect(
      staleRepositoryMarketplace(ROOT),
      'the committed plugins/claude-hybrid is stale: run npm run docs',
    ).toEqual([]);
  });

  it('names the plugin at the path it is kept at, with no machine path in its hooks', () => {
    const marketplace = JSON.parse(
      readFileSync(join(ROOT, '.claude-plugin', 'marketplace.json'), 'utf8'),
    ) as { plugins: { name: string; source: string }[] };
    expect(marketplace.plugins).toMatchObject([
      { name: 'claude-hybrid', source: './plugins/claude-hybrid' },
    ]);
    const hooks = readFileSync(join(ROOT, 'plugins/claude-hybrid/hooks/hooks.json'), 'utf8');
    const commands = [...hooks.matchAll(/"command": "(.*)"/g)].map((match) => match[1] ?? '');
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command).toMatch(/^sh \\"\$\{CLAUDE_PLUGIN_ROOT\}\//);
    expect(hooks).not.toContain(ROOT);
  });
});
