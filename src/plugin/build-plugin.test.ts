import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { HOOK_EVENTS, buildGroups } from '../claude-code/hooks-settings.js';
import { HybridError } from '../errors.js';
import { buildPlugin } from './build-plugin.js';
import { BUILD_MARKER } from './marketplace-output.js';
import { pluginFiles } from './plugin-files.js';

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
});
afterEach(() => {
  cleanup();
});

const env = (): NodeJS.ProcessEnv => ({
  HOME: join(root, 'home'),
  CLAUDE_HYBRID_HOME: join(root, 'hybrid-home'),
});
const build = (out = 'market') => buildPlugin({ out, cwd: root, env: env() });
const plugin = (out: string, path: string): string =>
  join(root, out, 'plugins', 'claude-hybrid', path);

/** Every file and folder under `dir`, relative, with its permission bits. */
function modes(dir: string, prefix = ''): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.set(`${prefix}${entry.name}`, statSync(path).mode & 0o777);
    if (entry.isDirectory())
      for (const [child, mode] of modes(path, `${prefix}${entry.name}/`)) found.set(child, mode);
  }
  return found;
}

describe('plugin build', () => {
  it('writes the marketplace and the plugin: manifests at the package version, agents, skills, hooks, MCP', async () => {
    const report = await build();
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    const manifest = JSON.parse(
      readFileSync(plugin('market', '.claude-plugin/plugin.json'), 'utf8'),
    ) as {
      name: string;
      version: string;
    };
    expect(manifest).toMatchObject({ name: 'claude-hybrid', version: pkg.version });
    const marketplace = JSON.parse(
      readFileSync(join(root, 'market', '.claude-plugin', 'marketplace.json'), 'utf8'),
    ) as { name: string; plugins: { name: string; source: string; version: string }[] };
    expect(marketplace.plugins).toEqual([
      expect.objectContaining({
        name: 'claude-hybrid',
        source: './plugins/claude-hybrid',
        version: pkg.version,
      }),
    ]);
    expect(report.agents).toContain('qa');
    expect(readFileSync(plugin('market', 'agents/qa.md'), 'utf8')).toMatch(/^---\n# managed-by/);
    for (const name of ['route', 'status', 'workflow', 'memory']) {
      expect(report.skills).toContain(name);
      const skill = readFileSync(plugin('market', `skills/${name}/SKILL.md`), 'utf8');
      expect(skill).toContain(`name: ${name}\n`);
      expect(skill).toContain('$ARGUMENTS');
    }
    const mcp = JSON.parse(readFileSync(plugin('market', '.mcp.json'), 'utf8')) as unknown;
    expect(mcp).toEqual({
      mcpServers: { 'claude-hybrid': { type: 'stdio', command: 'claude-hybrid', args: ['mcp'] } },
    });
  });

  it("hooks.json follows hooks install's policy for every event, through the plugin's relay", async () => {
    await build();
    const document = JSON.parse(readFileSync(plugin('market', 'hooks/hooks.json'), 'utf8')) as {
      hooks: Record<string, { matcher?: string; hooks: Record<string, unknown>[] }[]>;
    };
    expect(Object.keys(document.hooks)).toEqual([...HOOK_EVENTS]);
    for (const event of HOOK_EVENTS) {
      // The same groups `hooks install` writes in its default layout (matchers, async, timeouts),
      // each handler running the plugin's relay instead.
      const direct = buildGroups(
        event,
        { mode: 'command', nodePath: '/n', relayPath: '/r', shellPath: '/bin/sh' },
        'project',
      );
      const groups = document.hooks[event] ?? [];
      expect(groups.length, event).toBe(direct.length);
      groups.forEach((group, index) => {
        const { command, ...policy } = group.hooks[0] ?? {};
        const expected = direct[index] as { hooks: Record<string, unknown>[] };
        expect(group.matcher, event).toEqual((direct[index] as { matcher?: string }).matcher);
        expect({ ...policy, command: expected.hooks[0]?.command }, event).toEqual(
          expected.hooks[0],
        );
        expect(command).toBe(`sh "\${CLAUDE_PLUGIN_ROOT}/hooks/relay.sh" ${event} # claude-hybrid`);
      });
    }
    // Claude Code waits only where the answer matters: PreToolUse of Bash (the policy) blocks,
    // PostToolUse runs in the background.
    expect(document.hooks.PreToolUse?.map((group) => group.hooks[0]?.async ?? false)).toEqual([
      false,
      true,
    ]);
    expect(document.hooks.PostToolUse?.[0]?.hooks[0]?.async).toBe(true);
  });

  it('re-building changes no byte; files are 0644 and folders 0755 whatever was there', async () => {
    await build();
    const out = join(root, 'market');
    chmodSync(plugin('market', 'agents/qa.md'), 0o600);
    chmodSync(plugin('market', 'agents'), 0o700);
    const before = new Map(
      [...modes(out).keys()].map((path) => [path, statSync(join(out, path)).mtimeMs] as const),
    );
    const again = await build();
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    for (const [path, mode] of modes(out)) {
      expect(mode, path).toBe(statSync(join(out, path)).isDirectory() ? 0o755 : 0o644);
      if (!statSync(join(out, path)).isDirectory())
        expect(statSync(join(out, path)).mtimeMs, path).toBe(before.get(path));
    }
  });

  it('replaces only what it built: a file it no longer builds goes, a file of yours stays', async () => {
    await build();
    const out = join(root, 'market');
    const marker = JSON.parse(readFileSync(join(out, BUILD_MARKER), 'utf8')) as { files: string[] };
    writeFileSync(plugin('market', 'agents/retired.md'), 'old\n');
    writeFileSync(
      join(out, BUILD_MARKER),
      JSON.stringify({
        files: [...marker.files, 'plugins/claude-hybrid/agents/retired.md', '../x'],
      }),
    );
    writeFileSync(join(out, 'NOTES.md'), 'mine\n');
    const report = await build();
    expect(report.removed).toEqual(['plugins/claude-hybrid/agents/retired.md']);
    expect(existsSync(plugin('market', 'agents/retired.md'))).toBe(false);
    expect(readFileSync(join(out, 'NOTES.md'), 'utf8')).toBe('mine\n');
  });

  it('refuses a file or a non-empty folder that is no build: plugin.bad_out, exit 2, nothing written', async () => {
    writeFileSync(join(root, 'a-file'), 'x');
    await expect(build('a-file')).rejects.toMatchObject({ code: 'plugin.bad_out', exitCode: 2 });
    mkdirSync(join(root, 'busy'));
    writeFileSync(join(root, 'busy', 'keep.txt'), 'x');
    const error = await build('busy').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HybridError);
    expect(error).toMatchObject({ code: 'plugin.bad_out', exitCode: 2 });
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect(readdirSync(join(root, 'busy'))).toEqual(['keep.txt']);
  });

  it('copies every SKILL.md folder of the skills directory whole, and none when it is missing', () => {
    const skills = join(root, 'skills');
    mkdirSync(join(skills, 'review', 'scripts'), { recursive: true });
    writeFileSync(join(skills, 'review', 'SKILL.md'), '---\nname: review\n---\nReview.\n');
    writeFileSync(join(skills, 'review', 'scripts', 'run.sh'), 'echo hi\n');
    mkdirSync(join(skills, 'not-a-skill'));
    writeFileSync(join(skills, 'not-a-skill', 'README.md'), 'x');
    mkdirSync(join(skills, 'status'));
    writeFileSync(join(skills, 'status', 'SKILL.md'), 'shadowed by the command skill\n');
    const withSkills = pluginFiles({ bundledSkillsDir: skills });
    expect(withSkills.skills).toEqual(['memory', 'review', 'route', 'status', 'workflow']);
    expect(
      withSkills.files.get('plugins/claude-hybrid/skills/review/scripts/run.sh')?.toString(),
    ).toBe('echo hi\n');
    expect(withSkills.files.get('plugins/claude-hybrid/skills/status/SKILL.md')).not.toContain(
      'shadowed',
    );
    expect([...withSkills.files.keys()].some((path) => path.includes('not-a-skill'))).toBe(false);
    const without = pluginFiles({ bundledSkillsDir: join(root, 'nowhere') });
    expect(without.skills).toEqual(['memory', 'route', 'status', 'workflow']);
  });

  it("with --include-local also the project's own agents", async () => {
    await buildPlugin({ out: 'plain', cwd: root, env: env() });
    mkdirSync(join(root, '.claude-hybrid', 'agents'), { recursive: true });
    writeFileSync(
      join(root, '.claude-hybrid', 'agents', 'local-helper.md'),
      '---\nname: local-helper\ndescription: A helper of this project only.\n---\nHelp.\n',
    );
    const report = await buildPlugin({ out: 'local', includeLocal: true, cwd: root, env: env() });
    expect(report.agents).toContain('local-helper');
    expect(existsSync(plugin('local', 'agents/local-helper.md'))).toBe(true);
    expect(existsSync(plugin('plain', 'agents/local-helper.md'))).toBe(false);
  });
});
