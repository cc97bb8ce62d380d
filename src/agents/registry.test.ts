import {
  mkdirSync,
  readdirSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { markManaged } from './managed-marker.js';
import { AgentRegistry } from './registry.js';

const agent = (name: string, extra = ''): string =>
  `---\nname: ${name}\ndescription: The ${name} agent.\n${extra}---\nYou are ${name}.\n`;

describe('AgentRegistry', () => {
  let root: string;
  let cleanup: () => void;
  let project: string;
  let home: string;
  let claudeHome: string;

  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    project = join(root, 'project');
    home = join(root, 'hybrid-home');
    claudeHome = join(root, 'claude-home');
    for (const dir of [
      join(project, '.claude-hybrid', 'agents'),
      join(project, '.claude', 'agents'),
      join(home, 'agents'),
      join(claudeHome, 'agents'),
    ]) {
      mkdirSync(dir, { recursive: true });
    }
  });
  afterEach(() => {
    cleanup();
  });

  const registry = (extra: { flagPaths?: string[]; bundled?: boolean } = {}): AgentRegistry =>
    new AgentRegistry({
      projectRoot: project,
      hybridHome: home,
      claudeHome,
      bundled: extra.bundled ?? false,
      flagPaths: extra.flagPaths ?? [],
    });

  it('stamps the same fingerprint as a load, from stats alone, and changes it with any file', () => {
    writeFileSync(join(home, 'agents', 'engineer.md'), agent('engineer'));
    writeFileSync(join(home, 'agents', 'BASE-AGENT.md'), 'Shared rules.\n');
    writeFileSync(join(claudeHome, 'agents', 'qa.md'), agent('qa'));
    const stamped = registry({ bundled: true }).stamp();
    expect(stamped).toBe(registry({ bundled: true }).load().fingerprint);
    writeFileSync(join(claudeHome, 'agents', 'qa.md'), agent('qa', 'model: haiku\n'));
    const edited = registry({ bundled: true }).stamp();
    expect(edited).not.toBe(stamped);
    expect(edited).toBe(registry({ bundled: true }).load().fingerprint);
    writeFileSync(join(home, 'agents', 'BASE-AGENT.md'), 'Shared rules, longer now.\n');
    expect(registry({ bundled: true }).stamp()).not.toBe(edited);
  });

  it('resolves names by precedence and reports shadowed and duplicate definitions', () => {
    writeFileSync(join(home, 'agents', 'engineer.md'), agent('engineer'));
    writeFileSync(join(project, '.claude-hybrid', 'agents', 'engineer.md'), agent('engineer'));
    writeFileSync(join(project, '.claude', 'agents', 'eng2.md'), agent('engineer'));
    writeFileSync(join(claudeHome, 'agents', 'qa.md'), agent('qa'));
    const snapshot = registry({ bundled: true }).load();
    const engineer = snapshot.agents.find((entry) => entry.definition.name === 'engineer');
    expect(engineer?.scope).toBe('project');
    expect(engineer?.file).toBe(join(project, '.claude-hybrid', 'agents', 'engineer.md'));
    expect(snapshot.agents.find((entry) => entry.definition.name === 'qa')?.scope).toBe('user');
    expect(snapshot.duplicates).toEqual([
      {
        name: 'engineer',
        scope: 'project',
        files: [
          join(project, '.claude-hybrid', 'agents', 'engineer.md'),
          join(project, '.claude', 'agents', 'eng2.md'),
        ],
      },
    ]);
    // The user's engineer and the bundled engineer and qa are shadowed, none silently dropped.
    expect(snapshot.shadowed.map((record) => `${record.name}:${record.scope}`).sort()).toEqual([
      'engineer:bundled',
      'engineer:user',
      'qa:bundled',
    ]);
    expect(
      snapshot.agents.some((entry) => entry.definition.name === 'pm' && entry.scope === 'bundled'),
    ).toBe(true);
  });

  it('re-parses nothing when files are unchanged, and only the changed file otherwise', () => {
    for (const name of ['a', 'b', 'c'])
      writeFileSync(join(project, '.claude', 'agents', `${name}.md`), agent(name));
    const instance = registry();
    expect(instance.load().stats).toMatchObject({ files: 3, parsed: 3, reused: 0 });
    expect(instance.load().stats).toMatchObject({ files: 3, parsed: 0, reused: 3 });
    const file = join(project, '.claude', 'agents', 'b.md');
    writeFileSync(file, agent('b', 'model: opus\n'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const third = instance.load();
    expect(third.stats).toMatchObject({ parsed: 1, reused: 2 });
    expect(third.agents.find((entry) => entry.definition.name === 'b')?.definition.tier).toBe(
      'opus',
    );
  });

  it('appends the directory BASE-AGENT.md and re-parses when it changes', () => {
    const dir = join(project, '.claude', 'agents');
    writeFileSync(join(dir, 'a.md'), agent('a'));
    writeFileSync(join(dir, 'BASE-AGENT.md'), 'Always cite files.\n');
    const instance = registry();
    const first = instance.load();
    expect(first.agents[0]?.definition.prompt).toContain('Always cite files.');
    expect(first.stats.files).toBe(1);
    writeFileSync(join(dir, 'BASE-AGENT.md'), 'Always cite files and lines.\n');
    utimesSync(join(dir, 'BASE-AGENT.md'), new Date(), new Date(Date.now() + 5000));
    const second = instance.load();
    expect(second.agents[0]?.definition.prompt).toContain('files and lines');
    expect(second.stats.parsed).toBe(1);
  });

  it('reports hostile files precisely and keeps loading the rest', () => {
    const dir = join(root, 'hostile');
    mkdirSync(dir);
    writeFileSync(join(dir, 'good.md'), agent('good'));
    // An unclosed quote: Claude Code refuses it too (`[unclosed` it would quote and load).
    writeFileSync(join(dir, 'malformed.md'), '---\nname: bad\ndescription: "unclosed\n---\n');
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0x0a]));
    writeFileSync(join(dir, 'huge.md'), '');
    truncateSync(join(dir, 'huge.md'), 50 * 1024 * 1024);
    symlinkSync(join(dir, 'loop-b.md'), join(dir, 'loop-a.md'));
    symlinkSync(join(dir, 'loop-a.md'), join(dir, 'loop-b.md'));
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'dangling.md'));
    writeFileSync(join(dir, 'traversal.md'), agent('../../etc/passwd'));
    const snapshot = registry({ flagPaths: [dir] }).load();
    expect(snapshot.agents.map((entry) => entry.definition.name)).toEqual(['good']);
    const byFile = Object.fromEntries(
      snapshot.invalid.map((problem) => [problem.file.slice(dir.length + 1), problem]),
    );
    expect(byFile['malformed.md']).toMatchObject({
      line: 3,
      error: expect.stringMatching(/invalid YAML/) as unknown,
    });
    expect(byFile['binary.md']?.error).toMatch(/binary file/);
    expect(byFile['latin1.md']?.error).toMatch(/not valid UTF-8/);
    expect(byFile['huge.md']?.error).toMatch(/52428800 bytes; agent files are limited to 1 MiB/);
    expect(byFile['loop-a.md']?.error).toMatch(/symlink loop/);
    expect(byFile['loop-b.md']?.error).toMatch(/symlink loop/);
    expect(byFile['dangling.md']?.error).toMatch(/broken symlink/);
    expect(byFile['traversal.md']).toMatchObject({
      line: 2,
      error: expect.stringMatching(/path separators/) as unknown,
    });
  });

  it('lets an unmodified deployed copy stand in only when no original exists', () => {
    const copy = markManaged(agent('engineer'));
    writeFileSync(join(project, '.claude', 'agents', 'engineer.md'), copy);
    const withBundled = registry({ bundled: true }).load();
    const engineer = withBundled.agents.find((entry) => entry.definition.name === 'engineer');
    expect(engineer?.scope).toBe('bundled');
    expect(withBundled.shadowed).toEqual([]);
    const alone = registry({ bundled: false }).load();
    expect(alone.agents.find((entry) => entry.definition.name === 'engineer')).toMatchObject({
      scope: 'project',
      managed: true,
    });
  });

  it('shares parsed frontmatter across processes through the disk cache, and never trusts a bad one', () => {
    const dir = join(project, '.claude', 'agents');
    writeFileSync(join(dir, 'a.md'), agent('a', 'model: opus\n'));
    writeFileSync(join(dir, 'b.md'), '---\nname: b\n---\n');
    writeFileSync(join(dir, 'BASE-AGENT.md'), 'Shared rules.\n');
    const cacheDir = join(root, 'cache');
    const fresh = (): AgentRegistry =>
      new AgentRegistry({
        projectRoot: project,
        hybridHome: home,
        claudeHome,
        bundled: false,
        cacheDir,
      });
    const first = fresh().load();
    expect(first.stats).toMatchObject({ parsed: 2, reused: 0 });
    // A new instance stands for a new process: nothing is parsed, the answers are the same.
    const second = fresh().load();
    expect(second.stats).toMatchObject({ parsed: 0, reused: 2 });
    expect(second.invalid).toEqual(first.invalid);
    const cached = second.agents[0]?.definition;
    expect(cached?.tier).toBe('opus');
    expect(cached?.prompt).toBe(first.agents[0]?.definition.prompt);
    expect(cached?.prompt).toContain('Shared rules.');
    // A damaged cache file is ignored, not trusted.
    for (const file of readdirSync(cacheDir))
      writeFileSync(join(cacheDir, file), '{"format":1,"files":');
    expect(fresh().load().stats).toMatchObject({ parsed: 2, reused: 0 });
    // An edited file is parsed again even though the cache holds it.
    writeFileSync(join(dir, 'a.md'), agent('a', 'model: haiku\n'));
    utimesSync(join(dir, 'a.md'), new Date(), new Date(Date.now() + 5000));
    const edited = fresh().load();
    expect(edited.stats).toMatchObject({ parsed: 1, reused: 1 });
    expect(edited.agents[0]?.definition.tier).toBe('haiku');
  });
});
