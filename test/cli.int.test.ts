import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, isolatedEnv, runBinary, runInProcess } from './support/cli.js';
import { SELF_WRAPPED_PREFIX, loadWithCompileCache } from '../src/cli/compile-cache.js';
import { startFakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import type { CliResult } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

describe('claude-hybrid CLI', () => {
  let root: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    env = isolatedEnv(join(root, 'home'));
    mkdirSync(join(root, 'home'));
  });
  afterEach(() => {
    cleanup();
  });
  const cli = (...argv: string[]): Promise<CliResult> => runInProcess(argv, { cwd: root, env });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed view of the parsed --json output
  const json = <T>(result: CliResult): T => JSON.parse(result.stdout) as T;

  it('prints the version and help at every level', async () => {
    const version = runBinary(['--version'], { cwd: root, env });
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const argv of [
      ['--help'],
      ['agents', '--help'],
      ['agents', 'list', '--help'],
      ['init', '--help'],
      ['config', 'show', '-h'],
      ['events', 'list', '--help'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: claude-hybrid/);
    }
  });

  it('answers usage mistakes with a one-line error, a hint and exit 2', async () => {
    for (const argv of [
      ['frobnicate'],
      ['agents', 'frob'],
      ['agents', 'list', '--bogus'],
      ['agents', 'show'],
      ['agents', 'list', '--tier', 'huge'],
      ['events', 'list', '--limit', 'x'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^error\[[a-z_.]+\]: /);
      expect(lines[1]).toMatch(/^ {2}hint: /);
      expect(result.stdout).toBe('');
    }
    // A typo gets the name it is most likely a typo of.
    expect((await cli('agnts')).stderr).toMatch(/unknown command "agnts"; did you mean "agents"\?/);
    expect((await cli('agents', 'lsit')).stderr).toMatch(/did you mean "agents list"\?/);
    // With --json the error is also one JSON document on stdout.
    const json = await cli('agents', 'show', 'nobody', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'agents.not_found', exitCode: 2 },
    });
    const debug = await cli('agents', 'show', 'nobody', '--debug');
    expect(debug.stderr).toMatch(/AgentError: no agent named "nobody"\n\s+at /);
  });

  it('init creates the project folder, config and database, and is safe to re-run', async () => {
    const first = await cli('init', '--json');
    expect(first.code).toBe(0);
    const report = json<{ created: string[]; database: string; schemaVersion: number }>(first);
    expect(report.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(root, '.claude-hybrid', 'config.yaml'))).toBe(true);
    expect(existsSync(join(root, '.claude-hybrid', 'agents'))).toBe(true);
    expect(existsSync(join(root, '.claude-hybrid', 'state.db'))).toBe(true);
    writeFileSync(join(root, '.claude-hybrid', 'config.yaml'), 'version: 1\nui:\n  color: never\n');
    const second = await cli('init', '--json');
    expect(json<{ kept: string[] }>(second).kept).toContain(
      join(root, '.claude-hybrid', 'config.yaml'),
    );
    expect(readFileSync(join(root, '.claude-hybrid', 'config.yaml'), 'utf8')).toContain(
      'color: never',
    );
    const events = json<{ events: { type: string }[] }>(await cli('events', 'list', '--json'));
    expect(events.events.filter((event) => event.type === 'project.initialized')).toHaveLength(2);
  });

  it('refuses to make the user directory a project', async () => {
    const home = join(root, 'home');
    const result = await runInProcess(['init'], { cwd: home, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error\[usage\]: .*home\/\.claude-hybrid is your user directory/,
    );
    expect(existsSync(join(home, '.claude-hybrid', 'config.yaml'))).toBe(false);
  });

  it('lists, filters and shows the bundled agents', async () => {
    const listed = json<{
      agents: {
        name: string;
        tier: string;
        scope: string;
        source: string;
        keywords: string[];
        model: string;
      }[];
    }>(await cli('agents', 'list', '--json'));
    const names = listed.agents.map((agent) => agent.name);
    for (const name of [
      'pm',
      'research',
      'engineer',
      'qa',
      'documentation',
      'ops',
      'security',
      'code-reviewer',
      'refactoring',
      'frontend',
      'api-designer',
      'data-engineer',
    ]) {
      expect(names).toContain(name);
    }
    for (const agent of listed.agents) {
      expect(agent.scope).toBe('bundled');
      expect(agent.keywords.length).toBeGreaterThanOrEqual(8);
      expect(['haiku', 'sonnet', 'opus']).toContain(agent.tier);
      expect(existsSync(agent.source)).toBe(true);
    }
    const opus = json<{ agents: { tier: string }[] }>(
      await cli('agents', 'list', '--tier', 'opus', '--json'),
    );
    expect(opus.agents.length).toBeGreaterThan(0);
    expect(opus.agents.every((agent) => agent.tier === 'opus')).toBe(true);
    expect(
      json<{ agents: unknown[] }>(await cli('agents', 'list', '--no-bundled', '--json')).agents,
    ).toEqual([]);
    const shown = json<{ name: string; prompt: string; tools: string[] }>(
      await cli('agents', 'show', 'pm', '--json'),
    );
    expect(shown.name).toBe('pm');
    expect(shown.tools).toContain('Agent');
    expect(shown.prompt.length).toBeGreaterThan(1000);
    const table = await cli('agents', 'list');
    expect(table.stdout).toMatch(/^NAME\s+MODEL\s+TIER\s+SCOPE/);
    expect(table.stdout.includes('\u001b[')).toBe(false); // not a TTY: no colour
    expect(
      (await runInProcess(['agents', 'list', '--color'], { cwd: root, env })).stdout.includes(
        '\u001b[1m',
      ),
    ).toBe(true);
    const noColor = await runInProcess(['agents', 'list', '--color'], {
      cwd: root,
      env: { ...env, NO_COLOR: '1' },
    });
    expect(noColor.stdout.includes('\u001b[1m')).toBe(true); // an explicit --color wins over NO_COLOR
  });

  it('validates files and directories, exiting 2 with a precise report', async () => {
    const dir = join(root, 'agents');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ok.md'), '---\nname: ok\ndescription: Fine.\n---\nBody\n');
    writeFileSync(join(dir, 'ok-again.md'), '---\nname: ok\ndescription: Same name.\n---\nBody\n');
    writeFileSync(join(dir, 'broken.md'), '---\nname: broken\ndescription: "unterminated\n---\n');
    // Claude Code loads these two; they pass with portability warnings.
    writeFileSync(join(dir, 'dotted.md'), '---\nname: tool-1.2\ndescription: Fine.\n---\nBody\n');
    writeFileSync(join(dir, 'colon.md'), '---\nname: colon\ndescription: Use when: asked\n---\n');
    const result = await cli('agents', 'validate', dir, '--json');
    expect(result.code).toBe(2);
    const report = json<{
      files: number;
      valid: number;
      invalid: { file: string; line: number; error: string }[];
      duplicates: { name: string; files: string[] }[];
      warnings: { file: string; kind: string }[];
      portabilityWarnings: number;
    }>(result);
    expect(report).toMatchObject({ files: 5, valid: 4, portabilityWarnings: 2 });
    expect(report.warnings.map((warning) => [basename(warning.file), warning.kind])).toEqual([
      ['colon.md', 'portability'],
      ['dotted.md', 'portability'],
    ]);
    const text = await cli('agents', 'validate', join(dir, 'dotted.md'), join(dir, 'colon.md'));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^portability {2}.*dotted\.md:2: agent name "tool-1\.2"/m);
    expect(text.stdout).toMatch(
      /2 files: 2 valid, 0 invalid, 0 duplicate names, 2 warnings \(2 portability\)/,
    );
    expect(report.invalid).toEqual([
      {
        file: join(dir, 'broken.md'),
        line: expect.any(Number) as unknown,
        error: expect.stringMatching(/invalid YAML/) as unknown,
      },
    ]);
    expect(report.duplicates).toEqual([
      { name: 'ok', files: [join(dir, 'ok-again.md'), join(dir, 'ok.md')] },
    ]);
    expect((await cli('agents', 'validate', join(dir, 'ok.md'))).code).toBe(0);
    expect((await cli('agents', 'validate')).code).toBe(0);
  });

  it('deploys idempotently, records events, and scaffolds new agents', async () => {
    await cli('init');
    const first = json<{ created: string[] }>(await cli('agents', 'deploy', '--json'));
    expect(first.created.length).toBeGreaterThanOrEqual(12);
    const files = readdirSync(join(root, '.claude', 'agents')).sort();
    expect(files).toContain('pm.md');
    const again = json<{ created: string[]; updated: string[]; unchanged: string[] }>(
      await cli('agents', 'deploy', '--json'),
    );
    expect(again).toMatchObject({ created: [], updated: [] });
    expect(again.unchanged).toHaveLength(first.created.length);
    // Deployed copies are not reported as shadowing or duplicating the bundled originals.
    const listed = json<{ shadowed: unknown[]; duplicates: unknown[] }>(
      await cli('agents', 'list', '--json'),
    );
    expect(listed).toMatchObject({ shadowed: [], duplicates: [] });
    const events = json<{ events: { type: string; payload: { written: string[] } }[] }>(
      await cli('events', 'list', '--type', 'agents.*', '--json'),
    );
    expect(events.events.map((event) => event.type)).toEqual([
      'agents.deployed',
      'agents.deployed',
    ]);
    expect(events.events[1]?.payload.written).toHaveLength(first.created.length);

    const created = await cli(
      'agents',
      'new',
      'release-manager',
      '--description',
      'Cuts releases. Use when shipping.',
    );
    expect(created.code).toBe(0);
    expect((await cli('agents', 'validate', join(root, '.claude-hybrid', 'agents'))).code).toBe(0);
    expect(
      json<{ scope: string }>(await cli('agents', 'show', 'release-manager', '--json')).scope,
    ).toBe('project');
    const evil = await cli('agents', 'new', '../evil');
    expect(evil.code).toBe(2);
    expect(evil.stderr).toMatch(/path separators/);
    expect(existsSync(join(root, '.claude-hybrid', 'evil.md'))).toBe(false);
  });

  it('shows and validates config, and an invalid config stops commands with exit 2', async () => {
    await cli('init');
    const shown = json<{
      config: { agents: { bundled: boolean } };
      sources: Record<string, string>;
    }>(
      await runInProcess(['config', 'show', '--json'], {
        cwd: root,
        env: { ...env, CLAUDE_HYBRID_AGENTS_BUNDLED: 'false' },
      }),
    );
    expect(shown.config.agents.bundled).toBe(false);
    expect(shown.sources['agents.bundled']).toBe('env CLAUDE_HYBRID_AGENTS_BUNDLED');
    writeFileSync(
      join(root, '.claude-hybrid', 'config.yaml'),
      'version: 1\nevents:\n  batchSize: 0\n',
    );
    const validated = await cli('config', 'validate', '--json');
    expect(validated.code).toBe(2);
    expect(json<{ issues: { key: string; line: number }[] }>(validated).issues).toEqual([
      expect.objectContaining({
        key: 'events.batchSize',
        line: 3,
        expected: 'a number >= 1',
        found: '0',
      }),
    ]);
    const listed = await cli('agents', 'list');
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(
      /^error\[config\.invalid\]: invalid config: .*config\.yaml:3: events\.batchSize: expected a number >= 1, found 0\n {2}hint: /,
    );
  });

  it.skipIf(process.getuid?.() !== 0)(
    'reports a settings directory it cannot write, and writes nothing',
    () => {
      // As root, permission bits do not apply; run the binary as "nobody" instead.
      const locked = join(root, 'locked');
      mkdirSync(locked, { mode: 0o555 });
      chmodSync(root, 0o755);
      // A home nobody can use: an unusable home is refused up front (fs.not_writable) by every
      // command, which is not what this test is about.
      const home = join(root, 'nobody-home');
      mkdirSync(home, { mode: 0o700 });
      chownSync(home, 65534, 65534);
      const asNobody = (argv: string[], cwd: string): CliResult =>
        runBinary(argv, {
          cwd,
          env: { ...env, HOME: locked, CLAUDE_HYBRID_HOME: home },
          uid: 65534,
          gid: 65534,
        });
      const result = asNobody(['init'], locked);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^error\[fs\.not_writable\]: cannot create .*locked\/\.claude-hybrid \(EACCES\)\n {2}hint: /,
      );
      expect(readdirSync(locked)).toEqual([]);
      const deploy = asNobody(['agents', 'deploy', '--target', join(locked, 'agents')], root);
      expect(deploy.code).toBe(2);
      expect(deploy.stderr).toMatch(
        /^error\[fs\.not_writable\]: cannot write to .*locked\/agents \(EACCES\)\n {2}hint: /,
      );
      expect(readdirSync(locked)).toEqual([]);
    },
  );

  it('lets several processes write to one project at once', async () => {
    expect(existsSync(BUILT_CLI)).toBe(true);
    await cli('init');
    const runs = Array.from(
      { length: 6 },
      (_, index) =>
        new Promise<number>((resolve) => {
          const child = spawn(
            process.execPath,
            [BUILT_CLI, 'agents', 'deploy', '--target', join(root, `target-${index}`)],
            { cwd: root, env, stdio: 'ignore' },
          );
          child.on('exit', (code) => {
            resolve(code ?? -1);
          });
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);
    const events = json<{ events: unknown[] }>(
      await cli('events', 'list', '--type', 'agents.deployed', '--json'),
    );
    expect(events.events).toHaveLength(6);
  });

  it('loads through the V8 code cache after the first run, and survives a damaged cache', () => {
    const first = runBinary(['agents', 'list', '--json'], { cwd: root, env });
    expect(first.code).toBe(0);
    const cacheDir = join(root, 'home', '.claude-hybrid', 'cache', 'v8');
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    const second = runBinary(['agents', 'list', '--json'], { cwd: root, env });
    expect(second).toEqual(first);
    writeFileSync(join(cacheDir, files[0] ?? ''), 'not a code cache');
    expect(runBinary(['agents', 'list', '--json'], { cwd: root, env })).toEqual(first);
    expect(readFileSync(join(cacheDir, files[0] ?? '')).length).toBeGreaterThan(1000); // rewritten
    expect(
      runBinary(['agents', 'list', '--json'], {
        cwd: root,
        env: { ...env, CLAUDE_HYBRID_COMPILE_CACHE: '0' },
      }),
    ).toEqual(first);
  });

  it('builds bundles that are their own CommonJS wrapper, required or compiled alike', () => {
    const dist = dirname(BUILT_CLI);
    for (const bundle of ['app.cjs', 'routing.cjs', 'engine.cjs', 'commands.cjs']) {
      const source = readFileSync(join(dist, bundle), 'utf8');
      expect(source.startsWith(SELF_WRAPPED_PREFIX), bundle).toBe(true);
    }
    // Required as any module is (the daemon and the library do so)...
    const routing = createRequire(BUILT_CLI)('./routing.cjs') as Record<string, unknown>;
    expect(typeof routing.routeInProject).toBe('function');
    // ...and compiled as a script (the CLI's code cache), it is the module function.
    const cacheDir = join(root, 'home', '.claude-hybrid', 'cache', 'v8');
    const exports = loadWithCompileCache(
      join(dist, 'routing.cjs'),
      cacheDir,
      createRequire(BUILT_CLI),
      'test',
    ) as Record<string, unknown>;
    expect(Object.keys(exports).sort()).toEqual(Object.keys(routing).sort());
  });

  it('routes a task to an agent and a model, with a cost estimate', async () => {
    const result = await cli(
      'route',
      'audit the login flow for injection and auth bypass vulnerabilities',
      '--json',
    );
    expect(result.code).toBe(0);
    const decision = json<{
      agent: string;
      confidence: number;
      alternatives: { agent: string }[];
      reasons: string[];
      complexity: string;
      tier: string;
      model: string;
      estimatedCostUsd: { low: number; high: number };
    }>(result);
    expect(decision.agent).toBe('security');
    expect(decision.alternatives.length).toBeGreaterThan(0);
    expect(decision.reasons.length).toBeGreaterThan(0);
    expect(['simple', 'moderate', 'complex']).toContain(decision.complexity);
    expect(decision.model).toMatch(/^claude-/);
    expect(decision.estimatedCostUsd.high).toBeGreaterThan(decision.estimatedCostUsd.low);
    const pinned = json<{ model: string; modelSource: string }>(
      await cli('route', 'fix the typo in the README', '--model', 'opus', '--json'),
    );
    expect(pinned).toMatchObject({ modelSource: 'flag' });
    expect((await cli('route', '')).code).toBe(2);
    const unknown = await cli('route', '@secuirty look at this');
    expect((await cli('route', 'add @mentions to comments', '--json')).code).toBe(0);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/closest: security/);
  });

  it('says when it is unsure of a route and names the runner-up', async () => {
    const decision = json<{
      confidence: number;
      unsure: boolean;
      runnerUp: string | null;
      alternatives: { agent: string }[];
      doubts: string[];
    }>(await cli('route', 'add tests', '--json'));
    expect(decision.unsure).toBe(decision.confidence < 0.8);
    expect(decision.runnerUp).toBe(decision.alternatives[1]?.agent ?? null);
    const text = await cli('route', 'add tests', '--explain');
    expect(text.code).toBe(0);
    if (decision.unsure) {
      expect(text.stdout).toContain(`unsure: ${decision.runnerUp ?? ''} is the runner-up`);
      expect(text.stdout).toMatch(/against it:\n {2}close call: /);
    } else expect(text.stdout).not.toContain('unsure:');
  });

  it('routes a 5 MB task read from standard input', () => {
    const task = `write unit tests for the date parser and raise coverage ${'lorem ipsum '.repeat(440_000)}`;
    const started = Date.now();
    const result = spawnSync(process.execPath, [BUILT_CLI, 'route', '-', '--json'], {
      cwd: root,
      env,
      input: task,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((JSON.parse(result.stdout) as { complexity: string }).complexity).toBeDefined();
  });

  it('reranks with an embeddings server when asked, and routes without it when the server is away', async () => {
    const server = await startFakeEmbeddingsServer();
    try {
      const withServer = {
        ...env,
        CLAUDE_HYBRID_ROUTING_EMBEDDINGS_URL: server.baseUrl,
        OPENAI_API_KEY: 'sk-never-printed',
      };
      const result = await runInProcess(
        ['route', 'the checkout page is slow', '--rerank', '--json'],
        { cwd: root, env: withServer },
      );
      expect(result.code).toBe(0);
      const decision = JSON.parse(result.stdout) as { reasons: string[]; warnings: string[] };
      expect(decision.reasons.at(-1)).toMatch(/semantic rerank over \d+ candidates/);
      expect(decision.warnings).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(result.stdout + result.stderr).not.toContain('sk-never-printed');
      await server.close();
      const away = await runInProcess(
        ['route', 'the checkout page is slow', '--rerank', '--json'],
        { cwd: root, env: withServer },
      );
      expect(away.code).toBe(0);
      expect((JSON.parse(away.stdout) as { warnings: string[] }).warnings[0]).toMatch(
        /^rerank skipped: cannot reach the embeddings server/,
      );
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});
