import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { deployAgents } from './deploy.js';
import type { AgentEntry } from './definition.js';
import { ownershipOf } from './managed-marker.js';
import { parseAgentText } from './parse-agent.js';

function entry(text: string, file = '/src/agents/x.md'): AgentEntry {
  const outcome = parseAgentText(text, file);
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return {
    definition: outcome.definition,
    scope: 'bundled',
    file,
    managed: false,
    size: text.length,
  };
}

const ENGINEER =
  '---\nname: engineer\ndescription: "Builds: features"\nx-custom:\n  nested: [1, 2]\nmodel: sonnet\n---\n\nYou build.\n';

describe('deployAgents', () => {
  let target: string;
  let cleanup: () => void;
  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    target = join(temp.dir, '.claude', 'agents');
  });
  afterEach(() => {
    cleanup();
  });

  it('writes marked Claude Code files that round-trip every field, and is idempotent', () => {
    const agents = [entry(ENGINEER)];
    const first = deployAgents({ agents, target });
    expect(first.created).toEqual(['engineer']);
    const written = readFileSync(join(target, 'engineer.md'), 'utf8');
    expect(ownershipOf(written)).toBe('managed');
    const reparsed = entry(written, join(target, 'engineer.md'));
    expect(reparsed.definition.frontmatter).toEqual({
      name: 'engineer',
      description: 'Builds: features',
      'x-custom': { nested: [1, 2] },
      model: 'sonnet',
    });
    expect(reparsed.definition.body.trim()).toBe('You build.');
    const second = deployAgents({ agents, target });
    expect(second).toMatchObject({ created: [], updated: [], unchanged: ['engineer'] });
    expect(readFileSync(join(target, 'engineer.md'), 'utf8')).toBe(written);
  });

  it('updates its own files but never overwrites foreign or edited files without force', () => {
    deployAgents({ agents: [entry(ENGINEER)], target });
    writeFileSync(join(target, 'qa.md'), 'my own qa agent\n');
    const changed = ENGINEER.replace('You build.', 'You build carefully.');
    const qa = entry('---\nname: qa\ndescription: Tests.\n---\nTest.\n');
    const report = deployAgents({ agents: [entry(changed), qa], target });
    expect(report.updated).toEqual(['engineer']);
    expect(report.skipped).toEqual([
      {
        name: 'qa',
        file: join(target, 'qa.md'),
        reason: expect.stringMatching(/not written by claude-hybrid/) as unknown,
      },
    ]);
    expect(readFileSync(join(target, 'qa.md'), 'utf8')).toBe('my own qa agent\n');
    // A person edits our file: it becomes theirs.
    writeFileSync(
      join(target, 'engineer.md'),
      `${readFileSync(join(target, 'engineer.md'), 'utf8')}\nlocal tweak\n`,
    );
    const edited = deployAgents({ agents: [entry(ENGINEER)], target });
    expect(edited.skipped[0]?.reason).toMatch(/edited since/);
    const forced = deployAgents({ agents: [entry(ENGINEER), qa], target, force: true });
    expect([...forced.updated].sort()).toEqual(['engineer', 'qa']);
    expect(ownershipOf(readFileSync(join(target, 'qa.md'), 'utf8'))).toBe('managed');
  });

  it('writes nothing in a dry run', () => {
    const report = deployAgents({ agents: [entry(ENGINEER)], target, dryRun: true });
    expect(report.created).toEqual(['engineer']);
    expect(() => readdirSync(target)).toThrow();
  });
});
