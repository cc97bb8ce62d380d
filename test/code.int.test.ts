import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';

const cli = runBuilt;

/** A free loopback port, so tests never collide on the default daemon port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/**
 * Every file and folder under `root` with its size, mode and modification time, but for the
 * caches any command may warm: V8's compiled code, the parsed config and the agents' parse
 * cache. The PM instructions and the rendered agents (what a deploy writes) are compared.
 */
function tree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (path: string): void => {
    if (/[\\/]cache[\\/](v8|config)$|[\\/]cache[\\/]agents[\\/][0-9a-f]+\.json$/.test(path)) return;
    const stat = statSync(path);
    // Folders of caches: their contents count, not their own times.
    if (!/[\\/]cache([\\/]agents)?$/.test(path))
      entries[relative(root, path) || '.'] =
        `${stat.size} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return entries;
}

describe('claude-hybrid code and init --claude-code', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    env = {
      ...env,
      CLAUDE_CONFIG_DIR: join(env.HOME ?? dir, '.claude'),
      CLAUDE_HYBRID_DAEMON_PORT: String(await freePort()),
    };
  });
  afterEach(async () => {
    await cli(['daemon', 'stop'], { cwd: dir, env });
    cleanup();
  });

  it('prepares a project for Claude Code in one step', async () => {
    const result = await cli(['init', '--claude-code', '--json'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as {
      claudeCode: {
        agentsDeployed: string[];
        daemonPort: number;
        hooksFile: string;
        mcpFile: string;
      };
    };
    expect(output.claudeCode.agentsDeployed).toHaveLength(14);
    expect(output.claudeCode.daemonPort).toBe(Number(env.CLAUDE_HYBRID_DAEMON_PORT));
    expect(readdirSync(join(dir, '.claude', 'agents'))).toContain('engineer.md');
    const settings = JSON.parse(readFileSync(output.claudeCode.hooksFile, 'utf8')) as {
      hooks: Record<string, unknown[]>;
    };
    expect(Object.keys(settings.hooks)).toHaveLength(11);
    // The MCP server is registered for the project, and answers.
    expect(output.claudeCode.mcpFile).toBe(join(dir, '.mcp.json'));
    const mcp = JSON.parse(readFileSync(output.claudeCode.mcpFile, 'utf8')) as {
      mcpServers: Record<string, { args: string[] }>;
    };
    expect(mcp.mcpServers['claude-hybrid']?.args.at(-1)).toBe('mcp');
    expect(
      JSON.parse((await cli(['mcp', 'status', '--json'], { cwd: dir, env })).stdout),
    ).toMatchObject({ registered: true, reachable: true });
    expect(
      JSON.parse((await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout),
    ).toMatchObject({ running: true });
  });

  it('launches claude with the PM instructions appended, the agents table and the project memory', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    await cli(['memory', 'add', 'project', 'Deploys only on weekdays', '--type', 'critical'], {
      cwd: dir,
      env,
    });
    // A stand-in for claude that records how it was called, then exits 3.
    const fake = join(dir, 'fake-claude.cjs');
    const record = join(dir, 'called.json');
    writeFileSync(
      fake,
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), token: process.env.CLAUDE_HYBRID_DAEMON_TOKEN, cwd: process.cwd() }));\nprocess.exit(3);\n`,
    );
    chmodSync(fake, 0o755);
    const result = await cli(['code', '--', '--model', 'opus'], {
      cwd: dir,
      env: { ...env, CLAUDE_HYBRID_CLAUDE: fake },
    });
    expect(result.code).toBe(3);
    const called = JSON.parse(readFileSync(record, 'utf8')) as {
      argv: string[];
      token: string;
      cwd: string;
    };
    expect(called.argv[0]).toBe('--append-system-prompt-file');
    expect(called.argv.slice(2)).toEqual(['--model', 'opus']);
    expect(called.cwd).toBe(dir);
    const daemon = JSON.parse(
      readFileSync(join(env.CLAUDE_HYBRID_HOME ?? '', 'daemon.json'), 'utf8'),
    ) as { token: string };
    expect(called.token).toBe(daemon.token);
    const instructions = readFileSync(called.argv[1] ?? '', 'utf8');
    expect(instructions).toMatch(/\| engineer \| Implements features/);
    expect(instructions).not.toMatch(/^\| pm \|/m);
    expect(instructions).toContain('## Project memory\n\n- [Critical] Deploys only on weekdays');
    expect(existsSync(join(dir, '.claude', 'agents', 'qa.md'))).toBe(true);

    // A project's own instructions replace the bundled ones; --replace-system-prompt replaces Claude Code's.
    writeFileSync(
      join(dir, '.claude-hybrid', 'pm-instructions.md'),
      'You are our PM. Delegate everything.\n',
    );
    const plan = JSON.parse(
      (await cli(['code', '--print', '--replace-system-prompt', '--json'], { cwd: dir, env }))
        .stdout,
    ) as { command: string[]; instructionsText: string };
    expect(plan.command.slice(1, 2)).toEqual(['--system-prompt-file']);
    expect(plan.instructionsText).toMatch(
      /^You are our PM\. Delegate everything\.\n\n## Agents you can delegate to/,
    );
  });

  it('code --print changes nothing on disk and starts no daemon', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const root = dirname(dir);
    const before = tree(root);
    const result = await cli(['code', '--print', '--json'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    const plan = JSON.parse(result.stdout) as {
      instructions: string;
      instructionsText: string;
      agentsToDeploy: string[];
      daemon: { port: number; running: boolean };
      hooks: { file: string; toInstall: boolean };
      mcp: { file: string; toInstall: boolean };
      command: string[];
    };
    expect(tree(root)).toEqual(before);
    expect(plan.agentsToDeploy).toHaveLength(14);
    expect(plan.daemon).toEqual({ port: Number(env.CLAUDE_HYBRID_DAEMON_PORT), running: false });
    expect(plan.hooks).toEqual({
      file: join(dir, '.claude', 'settings.local.json'),
      toInstall: true,
    });
    expect(plan.mcp).toEqual({ file: join(dir, '.mcp.json'), toInstall: true });
    expect(existsSync(plan.instructions)).toBe(false);
    expect(plan.instructionsText).toMatch(/\| engineer \| Implements features/);
    expect(plan.command.slice(1)).toEqual(['--append-system-prompt-file', plan.instructions]);
    expect(
      JSON.parse((await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout),
    ).toMatchObject({ running: false });

    // Once set up, the plan has nothing left to do and names the file claude is given.
    expect((await cli(['init', '--claude-code'], { cwd: dir, env })).code).toBe(0);
    const after = tree(root);
    const again = await cli(['code', '--print'], { cwd: dir, env });
    expect(again.stdout).toMatch(/^agents to deploy: none$/m);
    expect(again.stdout).toMatch(/^daemon: 127\.0\.0\.1:\d+ \(running\)$/m);
    expect(again.stdout).toMatch(/^hooks: .*settings\.local\.json \(in place\)$/m);
    expect(again.stdout).toMatch(/^mcp: .*\.mcp\.json \(in place\)$/m);
    const file = /^instructions: (.*)$/m.exec(again.stdout)?.[1] ?? '';
    expect(existsSync(file)).toBe(true);
    expect(tree(root)).toEqual(after);
  });

  it('says how to install Claude Code when claude cannot be run', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const result = await cli(['code'], {
      cwd: dir,
      env: { ...env, CLAUDE_HYBRID_CLAUDE: join(dir, 'no-such-claude') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /error\[claude_code\.not_found\]: cannot run .*no-such-claude: ENOENT/,
    );
  });
});
