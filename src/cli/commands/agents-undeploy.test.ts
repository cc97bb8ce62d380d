import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runInProcess } from '../../../test/support/cli.js';
import type { CliResult } from '../../../test/support/cli.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';

let home: string;
let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: home, cleanup } = makeTempDir());
  root = join(home, 'project');
  mkdirSync(join(root, '.claude', 'agents'), { recursive: true });
});
afterEach(() => {
  cleanup();
});

const cli = (...argv: string[]): Promise<CliResult> =>
  runInProcess(argv, { cwd: root, env: isolatedEnv(home) });
const agentsDir = (): string => join(root, '.claude', 'agents');
const listing = (): string[] => readdirSync(agentsDir()).sort();

interface Report {
  removed: string[];
  kept: { name: string; reason: string }[];
  absent: string[];
  dryRun: boolean;
}

describe('agents undeploy', () => {
  it('undoes a deploy: dry run first, then edited and foreign files kept, an event recorded', async () => {
    await cli('init');
    writeFileSync(
      join(agentsDir(), 'mine.md'),
      '---\nname: mine\ndescription: Mine.\n---\nMy agent.\n',
    );
    const before = listing();
    const deployed = JSON.parse((await cli('agents', 'deploy', '--json')).stdout) as {
      created: string[];
    };
    expect(deployed.created).toContain('engineer');
    appendFileSync(join(agentsDir(), 'qa.md'), '\nMy own rule.\n');
    const afterDeploy = listing();

    const dry = await cli('agents', 'undeploy', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as Report;
    expect(preview.dryRun).toBe(true);
    expect(preview.removed).toEqual(deployed.created.filter((name) => name !== 'qa').sort());
    expect(listing()).toEqual(afterDeploy);

    const done = await cli('agents', 'undeploy', '--json');
    const report = JSON.parse(done.stdout) as Report;
    expect(report.removed).toEqual(preview.removed);
    expect(report.kept).toEqual([expect.objectContaining({ name: 'qa' })]);
    expect(listing()).toEqual([...before, 'qa.md'].sort());
    expect(readFileSync(join(agentsDir(), 'mine.md'), 'utf8')).toMatch(/My agent/);

    const events = JSON.parse(
      (await cli('events', 'list', '--type', 'agents.undeployed', '--json')).stdout,
    ) as { events: { payload: { removed: string[]; kept: string[] } }[] };
    expect(events.events).toHaveLength(1);
    expect(events.events[0]?.payload).toMatchObject({ removed: report.removed, kept: ['qa'] });
  });

  it('undeploys only the named agents and says so for a person', async () => {
    await cli('agents', 'deploy', '--json');
    const result = await cli('agents', 'undeploy', 'engineer', 'qa');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Undeployed from .*\n {2}removed {2}engineer, qa\n$/);
    expect(listing()).not.toContain('engineer.md');
    expect(listing()).toContain('pm.md');
    // Again: both are known agents, no longer deployed; not an error.
    const again = await cli('agents', 'undeploy', 'engineer', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ removed: [], absent: ['engineer'] });
  });

  it('answers a bad name or a bad target with a one-line error and exit 2', async () => {
    await cli('agents', 'deploy', '--json');
    const before = listing();
    const typo = await cli('agents', 'undeploy', 'enginer');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no agent named "enginer" .*; closest: engineer/);
    const missing = await cli('agents', 'undeploy', '--target', 'nowhere');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--target .*nowhere does not exist/);
    expect(listing()).toEqual(before);
  });
});
