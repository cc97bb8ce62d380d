import { describe, expect, it } from 'vitest';
import { loadFullYamlParser } from './full-yaml.js';
import { parseAgentText } from './parse-agent.js';
import type { ParseOutcome } from './parse-agent.js';

async function parse(text: string, base?: string): Promise<ParseOutcome> {
  const fullParser = await loadFullYamlParser();
  return parseAgentText(text, '/agents/x.md', { fullParser, base });
}

describe('parseAgentText', () => {
  it('parses every Claude Code field and our extensions', async () => {
    const outcome = await parse(
      [
        '---',
        'name: release-manager',
        'description: Cuts releases. Use when shipping.',
        'tools: Read, Bash',
        'disallowedTools: [Write]',
        'model: inherit',
        'color: green',
        'permissionMode: plan',
        'maxTurns: 8',
        'skills: [changelog]',
        'mcpServers:',
        '  - github',
        'hooks:',
        '  PreToolUse:',
        '    - matcher: Bash',
        'memory: project',
        'background: false',
        'isolation: worktree',
        'effort: high',
        'keywords: [Release, tag]',
        'tier: opus',
        'x-team: platform',
        '---',
        '',
        'You cut releases.',
      ].join('\n'),
    );
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    const agent = outcome.definition;
    expect(agent).toMatchObject({
      name: 'release-manager',
      tools: ['Read', 'Bash'],
      disallowedTools: ['Write'],
      model: 'inherit',
      permissionMode: 'plan',
      maxTurns: 8,
      skills: ['changelog'],
      mcpServers: ['github'],
      hooks: { PreToolUse: [{ matcher: 'Bash' }] },
      memory: 'project',
      background: false,
      isolation: 'worktree',
      effort: 'high',
      keywords: ['release', 'tag'],
      tier: 'opus',
      unknownFields: ['x-team'],
    });
    expect(agent.frontmatter['x-team']).toBe('platform');
    expect(agent.body).toBe('\nYou cut releases.');
    expect(outcome.warnings).toEqual([]);
  });

  it('derives the tier from the model and appends BASE-AGENT.md to the prompt', async () => {
    const outcome = await parse(
      '---\nname: a\ndescription: d\nmodel: claude-sonnet-4-5\n---\nBody\n',
      '\nShared rules.\n',
    );
    expect(outcome.kind === 'ok' && outcome.definition.tier).toBe('sonnet');
    expect(outcome.kind === 'ok' && outcome.definition.prompt).toBe('Body\n\nShared rules.\n');
  });

  it.each([
    ['no frontmatter', 'just text', 1, /missing YAML frontmatter/],
    ['missing description', '---\nname: a\n---\n', 1, /"description" is required/],
    ['missing name', '---\ndescription: d\n---\n', 1, /"name" is required/],
    ['path traversal', '---\nname: ../evil\ndescription: d\n---\n', 2, /path separators/],
    ['not kebab', '---\nname: Bad_Name\ndescription: d\n---\n', 2, /kebab-case/],
    ['bad tier', '---\nname: a\ndescription: d\ntier: large\n---\n', 4, /tier must be one of/],
    [
      'bad maxTurns',
      '---\nname: a\ndescription: d\nmaxTurns: -1\n---\n',
      4,
      /maxTurns must be a positive integer/,
    ],
    [
      'malformed YAML',
      '---\nname: a\ndescription: d\ntools: [Read\n---\n',
      4,
      /invalid YAML frontmatter/,
    ],
    [
      'duplicate key',
      '---\nname: a\nname: b\ndescription: d\n---\n',
      3,
      /invalid YAML frontmatter/,
    ],
    [
      'prototype key',
      '---\n__proto__: x\nname: a\ndescription: d\n---\n',
      2,
      /forbidden frontmatter key/,
    ],
    ['list frontmatter', '---\n- a\n---\n', 2, /must be a YAML mapping/],
  ])('reports %s with its line', async (_label, text, line, error) => {
    const outcome = await parse(text);
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.problem.error).toMatch(error);
    expect(outcome.problem.line).toBe(line);
  });

  it('warns about an unknown model but keeps the agent', async () => {
    const outcome = await parse('---\nname: a\ndescription: d\nmodel: fable\n---\n');
    expect(outcome.kind).toBe('ok');
    expect(outcome.kind === 'ok' && outcome.warnings[0]?.warning).toMatch(/unknown model "fable"/);
  });

  it('asks for the full parser only when the frontmatter needs it', () => {
    expect(parseAgentText('---\nname: a\ndescription: >\n  folded\n---\n', 'x.md').kind).toBe(
      'needs-full-parser',
    );
    expect(parseAgentText('---\nname: a\ndescription: plain\n---\n', 'x.md').kind).toBe('ok');
  });
});
