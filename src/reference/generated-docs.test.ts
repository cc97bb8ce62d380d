import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../error-meanings.js';
import { CONFIG_KEYS, envNameFor } from '../config/index.js';
import { REFERENCE_PAGES } from './pages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function rendered(path: string): Promise<string> {
  const page = REFERENCE_PAGES.find((candidate) => candidate.path === path);
  if (page === undefined) throw new Error(`no reference page ${path}`);
  return page.render();
}

describe('the generated reference docs', () => {
  it.each(REFERENCE_PAGES.map((page) => page.path))(
    '%s matches what its sources render',
    async (path) => {
      const onDisk = readFileSync(join(ROOT, path), 'utf8');
      expect(onDisk, `${path} is stale: run npm run docs`).toBe(await rendered(path));
    },
  );

  it('cli.md has a section per command, headed by its usage line, with its options', async () => {
    const page = await rendered('docs/cli.md');
    expect(page).toContain('### `claude-hybrid agents list [--tier haiku|sonnet|opus]');
    expect(page).toContain('### `claude-hybrid init [--force] [--claude-code] [--json]`');
    expect(page).toContain('| `--dry-run` | Report what would change and write nothing |');
    expect(page).toContain('| `-V, --version` | Print the version |');
  });

  it('configuration.md lists every key with its environment variable and default', async () => {
    const page = await rendered('docs/configuration.md');
    for (const key of CONFIG_KEYS)
      expect(page).toMatch(
        new RegExp(`\\| \`${key.path}\` \\|.*\\| \`${envNameFor(key.path)}\` \\|`),
      );
    expect(page).toContain('| `daemon.port` | integer 1024–65535 | `47632` |');
  });

  it('errors.md lists every code with its exit code', async () => {
    const page = await rendered('docs/errors.md');
    for (const [code, info] of Object.entries(ERROR_CODES))
      expect(page).toContain(`| \`${code}\` | ${info.exitCode} |`);
  });
});
