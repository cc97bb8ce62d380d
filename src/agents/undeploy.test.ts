import {
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { AgentError } from '../errors.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import type { AgentEntry } from './definition.js';
import { deployAgents } from './deploy.js';
import { parseAgentText } from './parse-agent.js';
import { undeployAgents } from './undeploy.js';

function entry(name: string): AgentEntry {
  const text = `---\nname: ${name}\ndescription: The ${name}.\nmodel: sonnet\n---\n\nYou are ${name}.\n`;
  const outcome = parseAgentText(text, `/src/agents/${name}.md`);
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return {
    definition: outcome.definition,
    scope: 'bundled',
    file: `/src/agents/${name}.md`,
    managed: false,
    size: text.length,
  };
}

/** The directory's files and their bytes, to compare before and after. */
function contents(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) result[name] = readFileSync(join(dir, name), 'utf8');
  return result;
}

describe('undeployAgents', () => {
  let root: string;
  let target: string;
  let cleanup: () => void;
  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    root = temp.dir;
    target = join(root, '.claude', 'agents');
    mkdirSync(target, { recursive: true });
    // The user's own agents and notes, there before we deploy.
    writeFileSync(join(target, 'mine.md'), '---\nname: mine\ndescription: Mine.\n---\nMine.\n');
    writeFileSync(join(target, 'notes.txt'), 'not an agent\n');
  });
  afterEach(() => {
    cleanup();
  });

  it('removes what deploy wrote and leaves the directory as it was before', () => {
    const before = contents(target);
    deployAgents({ agents: ['engineer', 'qa', 'reviewer'].map(entry), target });
    expect(Object.keys(contents(target))).toHaveLength(5);
    const report = undeployAgents({ target });
    expect(report).toEqual({
      target,
      dryRun: false,
      removed: ['engineer', 'qa', 'reviewer'],
      kept: [],
      absent: [],
    });
    expect(contents(target)).toEqual(before);
    // Nothing of ours is left: a second undeploy removes nothing.
    expect(undeployAgents({ target }).removed).toEqual([]);
  });

  it('keeps a file of ours someone edited, unless forced', () => {
    deployAgents({ agents: ['engineer', 'qa'].map(entry), target });
    appendFileSync(join(target, 'qa.md'), '\nAlso check accessibility.\n');
    const edited = readFileSync(join(target, 'qa.md'), 'utf8');
    const report = undeployAgents({ target });
    expect(report.removed).toEqual(['engineer']);
    expect(report.kept).toEqual([
      {
        name: 'qa',
        file: join(target, 'qa.md'),
        reason: expect.stringMatching(/edited since/) as unknown,
      },
    ]);
    expect(readFileSync(join(target, 'qa.md'), 'utf8')).toBe(edited);
    const forced = undeployAgents({ target, force: true });
    expect(forced.removed).toEqual(['qa']);
    expect(Object.keys(contents(target))).toEqual(['mine.md', 'notes.txt']);
  });

  it('never removes a foreign file or a symbolic link, even forced or named', () => {
    const elsewhere = join(root, 'elsewhere.md');
    deployAgents({ agents: [entry('engineer')], target });
    writeFileSync(elsewhere, readFileSync(join(target, 'engineer.md'), 'utf8'));
    symlinkSync(elsewhere, join(target, 'linked.md'));
    const before = contents(target);
    const report = undeployAgents({ target, names: ['mine', 'linked'], force: true });
    expect(report.removed).toEqual([]);
    expect(report.kept.map((kept) => [kept.name, kept.reason])).toEqual([
      ['linked', expect.stringMatching(/symbolic link/)],
      ['mine', expect.stringMatching(/not written by claude-hybrid/)],
    ]);
    expect(contents(target)).toEqual(before);
    expect(readFileSync(elsewhere, 'utf8')).toBe(before['engineer.md']);
  });

  it('changes nothing in a dry run but reports what it would remove', () => {
    deployAgents({ agents: ['engineer', 'qa'].map(entry), target });
    const before = contents(target);
    const report = undeployAgents({ target, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, removed: ['engineer', 'qa'] });
    expect(contents(target)).toEqual(before);
  });

  it('removes only the named agents, and reports a known but undeployed name as absent', () => {
    deployAgents({ agents: ['engineer', 'qa', 'reviewer'].map(entry), target });
    const report = undeployAgents({ target, names: ['qa', 'architect'], known: ['architect'] });
    expect(report).toMatchObject({ removed: ['qa'], kept: [], absent: ['architect'] });
    expect(Object.keys(contents(target))).toEqual([
      'engineer.md',
      'mine.md',
      'notes.txt',
      'reviewer.md',
    ]);
  });

  it('rejects an unknown name with the closest names, before removing anything', () => {
    deployAgents({ agents: ['engineer', 'qa'].map(entry), target });
    const before = contents(target);
    const error = catchError(AgentError, () =>
      undeployAgents({ target, names: ['qa', 'enginer'] }),
    );
    expect(error).toMatchObject({ code: 'agents.not_found', exitCode: 2 });
    expect(error.message).toMatch(/no agent named "enginer" in .*; closest: engineer/);
    expect(contents(target)).toEqual(before);
  });

  it('finds nothing in a missing target and refuses a target that is a file', () => {
    expect(undeployAgents({ target: join(root, 'none') })).toMatchObject({ removed: [] });
    const error = catchError(AgentError, () =>
      undeployAgents({ target: join(target, 'notes.txt') }),
    );
    expect(error).toMatchObject({ code: 'agents.target_not_directory', exitCode: 2 });
  });
});
