import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ConfigInvalidError } from './config-issues.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { loadConfig } from './loader.js';
import { configTemplate } from './template.js';

describe('loadConfig', () => {
  let root: string;
  let cleanup: () => void;
  let project: string;
  let home: string;
  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    project = join(root, 'project');
    home = join(root, 'home');
    mkdirSync(join(project, '.claude-hybrid'), { recursive: true });
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    mkdirSync(home, { recursive: true });
  });
  afterEach(() => {
    cleanup();
  });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    HOME: root,
    CLAUDE_HYBRID_HOME: home,
    ...extra,
  });

  it('returns the defaults, finding the project root from a subdirectory', async () => {
    const loaded = await loadConfig({ cwd: join(project, 'src', 'deep'), env: env() });
    expect(loaded.config).toEqual(DEFAULT_CONFIG);
    expect(loaded.projectRoot).toBe(project);
    expect(loaded.initialized).toBe(true);
    expect(new Set(loaded.sources.values())).toEqual(new Set(['default']));
  });

  it('layers defaults < user < project < env < flags and records each source', async () => {
    writeFileSync(
      join(home, 'config.yaml'),
      'agents:\n  bundled: false\n  paths: [user-agents]\nstore:\n  busyTimeoutMs: 100\nui:\n  color: never\n',
    );
    writeFileSync(
      join(project, '.claude-hybrid', 'config.yaml'),
      'store:\n  busyTimeoutMs: 200\nevents:\n  batchSize: 10\n',
    );
    const loaded = await loadConfig({
      cwd: project,
      env: env({ CLAUDE_HYBRID_EVENTS_BATCH_SIZE: '20', CLAUDE_HYBRID_UI_COLOR: 'always' }),
      flags: { layer: { ui: { color: 'auto' } }, names: new Map([['ui.color', '--color']]) },
    });
    expect(loaded.config.agents).toEqual({
      bundled: false,
      paths: ['user-agents'],
      cache: true,
      deployTarget: '.claude/agents',
    });
    expect(loaded.config.store.busyTimeoutMs).toBe(200);
    expect(loaded.config.events.batchSize).toBe(20);
    expect(loaded.config.ui.color).toBe('auto');
    expect(loaded.sources.get('agents.bundled')).toBe(join(home, 'config.yaml'));
    expect(loaded.sources.get('store.busyTimeoutMs')).toBe(
      join(project, '.claude-hybrid', 'config.yaml'),
    );
    expect(loaded.sources.get('events.batchSize')).toBe('env CLAUDE_HYBRID_EVENTS_BATCH_SIZE');
    expect(loaded.sources.get('ui.color')).toBe('flag --color');
    expect(loaded.sources.get('events.flushIntervalMs')).toBe('default');
  });

  it("reads the cloud providers' three-level keys from a file and the environment, and names an unknown one", async () => {
    const file = join(project, '.claude-hybrid', 'config.yaml');
    writeFileSync(
      file,
      'provider:\n  bedrock:\n    region: eu-west-1\n    models:\n      sonnet: eu.anthropic.claude-sonnet-5-5\n  vertex:\n    projectId: p1\n',
    );
    const loaded = await loadConfig({
      cwd: project,
      env: env({ CLAUDE_HYBRID_PROVIDER_VERTEX_REGION: 'us-east5' }),
    });
    expect(loaded.config.provider).toEqual({
      bedrock: {
        region: 'eu-west-1',
        profile: '',
        baseUrl: '',
        models: { sonnet: 'eu.anthropic.claude-sonnet-5-5' },
      },
      vertex: { region: 'us-east5', projectId: 'p1', baseUrl: '', models: {} },
    });
    expect(loaded.sources.get('provider.bedrock.region')).toBe(file);
    expect(loaded.sources.get('provider.vertex.region')).toBe(
      'env CLAUDE_HYBRID_PROVIDER_VERTEX_REGION',
    );
    writeFileSync(file, 'provider:\n  bedrock:\n    regoin: eu-west-1\n');
    const error = await loadConfig({ cwd: project, env: env() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).issues[0]).toMatchObject({
      line: 3,
      key: 'provider.bedrock.regoin',
      expected: expect.stringMatching(/unknown key/) as unknown,
    });
  });

  it('reports an invalid value with file, line, key path, expected value and what was found', async () => {
    const file = join(project, '.claude-hybrid', 'config.yaml');
    writeFileSync(
      file,
      'version: 1\nagents:\n  bundled: "yes"\n  paht: []\nstore:\n  busyTimeoutMs: -5\n',
    );
    const error = await loadConfig({ cwd: project, env: env() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    const issues = (error as ConfigInvalidError).issues;
    expect(issues).toEqual([
      { source: file, line: 3, key: 'agents.bundled', expected: 'a boolean', found: '"yes"' },
      {
        source: file,
        line: 4,
        key: 'agents.paht',
        expected: expect.stringMatching(/unknown key/) as unknown,
        found: '[]',
      },
      { source: file, line: 6, key: 'store.busyTimeoutMs', expected: 'a number >= 0', found: '-5' },
    ]);
    expect((error as ConfigInvalidError).message).toBe(
      `invalid config: ${file}:3: agents.bundled: expected a boolean, found "yes" (and 2 more)`,
    );
    expect((error as ConfigInvalidError).exitCode).toBe(2);
  });

  it('refuses a deny pattern the linear-time engine cannot run, naming the key and the pattern', async () => {
    const file = join(project, '.claude-hybrid', 'config.yaml');
    writeFileSync(
      file,
      'version: 1\nhooks:\n  denyBash:\n    - "rm -rf /"\n    - "(a)\\\\1"\n    - "^(a+)+$"\n',
    );
    const error = await loadConfig({ cwd: project, env: env() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).issues).toEqual([
      {
        source: file,
        line: 5,
        key: 'hooks.denyBash.1',
        expected:
          'a linear-time (RE2) regular expression: invalid escape sequence: `\\1` (RE2 syntax: no backreferences or lookarounds)',
        found: '"(a)\\\\1"',
      },
    ]);
    // The same pattern from the environment is refused the same way.
    const fromEnv = await loadConfig({
      cwd: join(root),
      env: env({ CLAUDE_HYBRID_HOOKS_DENY_BASH: 'x{1000}'.repeat(6) }),
    }).catch((caught: unknown) => caught);
    expect((fromEnv as ConfigInvalidError).issues[0]).toMatchObject({
      key: 'CLAUDE_HYBRID_HOOKS_DENY_BASH',
      expected: expect.stringMatching(
        /^a linear-time \(RE2\) regular expression: a simpler pattern/,
      ) as unknown,
    });
  });

  it('reports malformed YAML with its line', async () => {
    const file = join(project, '.claude-hybrid', 'config.yaml');
    writeFileSync(file, 'agents:\n  bundled: true\n paths: [\n');
    await expect(loadConfig({ cwd: project, env: env() })).rejects.toMatchObject({
      code: 'config.yaml',
      message: expect.stringContaining(`${file}:3`) as unknown,
    });
  });

  it('rejects invalid and unknown environment variables', async () => {
    const error = await loadConfig({
      cwd: project,
      env: env({ CLAUDE_HYBRID_AGENTS_BUNDLED: 'maybe', CLAUDE_HYBRID_COLOUR: 'x' }),
    }).catch((caught: unknown) => caught);
    expect((error as ConfigInvalidError).issues.map((issue) => issue.key)).toEqual([
      'CLAUDE_HYBRID_AGENTS_BUNDLED',
      'CLAUDE_HYBRID_COLOUR',
    ]);
  });

  it('does not let "__proto__" in a config file pollute anything', async () => {
    writeFileSync(join(project, '.claude-hybrid', 'config.yaml'), '__proto__:\n  polluted: true\n');
    await expect(loadConfig({ cwd: project, env: env() })).rejects.toBeInstanceOf(
      ConfigInvalidError,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('collects issues instead of throwing for config validate', async () => {
    writeFileSync(join(project, '.claude-hybrid', 'config.yaml'), 'ui:\n  color: purple\n');
    const loaded = await loadConfig({ cwd: project, env: env(), collectIssues: true });
    expect(loaded.issues).toHaveLength(1);
    expect(loaded.config.ui.color).toBe('auto');
  });

  it.each(['../../etc/x', 'Engineer', 'a'.repeat(65), '\uFFFD', ''])(
    'rejects %j as routing.defaultAgent: it must be an agent name',
    async (value) => {
      writeFileSync(
        join(project, '.claude-hybrid', 'config.yaml'),
        `routing:\n  defaultAgent: ${JSON.stringify(value)}\n  generalist: none\n`,
      );
      const loaded = await loadConfig({ cwd: project, env: env(), collectIssues: true });
      expect(loaded.issues.map((issue) => [issue.key, issue.line])).toEqual([
        ['routing.defaultAgent', 2],
      ]);
      expect(loaded.issues[0]?.expected).toMatch(/agent name|non-empty/);
    },
  );

  it('writes a template that parses to exactly the default version and changes nothing else', () => {
    expect(parse(configTemplate())).toEqual({ version: 1 });
  });

  it('reuses a clean validation of an unchanged file, and validates again when it changes', async () => {
    const file = join(project, '.claude-hybrid', 'config.yaml');
    writeFileSync(file, 'version: 1\nui:\n  color: never\n');
    const first = await loadConfig({ cwd: project, env: env() });
    expect(first.config.ui.color).toBe('never');
    const cacheDir = join(home, 'cache', 'config');
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect((await loadConfig({ cwd: project, env: env() })).config.ui.color).toBe('never');
    writeFileSync(file, 'version: 1\nui:\n  color: purple\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await expect(loadConfig({ cwd: project, env: env() })).rejects.toBeInstanceOf(
      ConfigInvalidError,
    );
  });
});
