import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRegistry, bundledAgentsDir, validateAgentPaths } from '../src/agents/index.js';
import { corpusDir } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

const corpus = corpusDir();

describe.skipIf(corpus === undefined)('real-world corpus (../shared/corpora/agents)', () => {
  if (corpus === undefined)
    console.warn('skipping corpus tests: ../shared/corpora is absent in this checkout');
  const dirs = [join(corpus ?? '', 'voltagent'), join(corpus ?? '', 'wshobson')];
  // Listed lazily: vitest still runs this callback when the suite is skipped.
  const mdFiles = (): string[] =>
    dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(dir, name)),
    );

  it('loads both collections: every file parsed or reported with a reason, duplicates listed', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const registry = new AgentRegistry({
        projectRoot: dir,
        hybridHome: join(dir, 'home'),
        claudeHome: join(dir, 'claude'),
        bundled: true,
        flagPaths: dirs,
      });
      const snapshot = registry.load();
      const bundledCount = readdirSync(bundledAgentsDir()).filter((name) =>
        name.endsWith('.md'),
      ).length;
      expect(snapshot.stats.files).toBe(mdFiles().length + bundledCount);
      // Claude Code 2.1.197 loads every one of them, so the registry must too.
      expect(snapshot.invalid).toEqual([]);
      expect(snapshot.stats.valid).toBe(mdFiles().length + bundledCount);
      // The two collections share 24 names: each is a duplicate within the custom scope.
      const shared = snapshot.duplicates.filter((record) => record.scope === 'custom');
      expect(shared).toHaveLength(24);
      for (const record of shared) expect(record.files).toHaveLength(2);
      expect(shared.map((record) => record.name)).toContain('cpp-pro');
      // Corpus agents with bundled names shadow the bundled ones, and it is reported.
      const effective = new Set(snapshot.agents.map((entry) => entry.definition.name));
      expect(effective.has('pm')).toBe(true);
      expect(snapshot.agents.length).toBe(new Set([...effective]).size);
      // Quoted descriptions with escaped newlines come through as text.
      const postgres = snapshot.agents.find((entry) => entry.definition.name === 'postgres-pro');
      expect(postgres?.definition.tools).toEqual(['Read', 'Write', 'Edit', 'Bash', 'Glob', 'Grep']);
    } finally {
      cleanup();
    }
  });

  it('validates all 360 files of the two collections, non-portable ones with warnings', () => {
    const report = validateAgentPaths(dirs, process.cwd());
    expect(mdFiles()).toHaveLength(360);
    expect(report.files).toBe(mdFiles().length);
    expect(report.invalid).toEqual([]);
    expect(report.valid).toBe(mdFiles().length);
    expect(report.duplicates).toHaveLength(24);
    // 8 plain descriptions holding ": " and 2 dotted names: Claude Code loads them, strict
    // tools do not, so each is a portability warning and not an error.
    const portability = report.warnings.filter((warning) => warning.kind === 'portability');
    const byFile = new Map(portability.map((warning) => [basename(warning.file), warning.warning]));
    expect(portability).toHaveLength(10);
    expect(byFile.get('powershell-5.1-expert.md')).toMatch(/outside \[a-z0-9-\]/);
    expect(byFile.get('dotnet-framework-4.8-expert.md')).toMatch(/outside \[a-z0-9-\]/);
    expect([...byFile.values()].filter((text) => text.startsWith('"description"'))).toHaveLength(8);
  });
});
