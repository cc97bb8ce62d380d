import { describe, expect, it } from 'vitest';
import { parseAgentText } from './parse-agent.js';
import type { ParseOutcome } from './parse-agent.js';

function parse(text: string, base?: string): ParseOutcome {
  return parseAgentText(text, '/agents/x.md', { base });
}

describe('parseAgentText', () => {
  it('parses every Claude Code field and our extensions', () => {
    const outcome = parse(
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

  it('derives the tier from the model and appends BASE-AGENT.md to the prompt', () => {
    const outcome = parse(
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
    ['upper case', '---\nname: Bad_Name\ndescription: d\n---\n', 2, /lower-case letters/],
    ['space', '---\nname: my agent\ndescription: d\n---\n', 2, /lower-case letters/],
    // Claude Code refuses names that start with "-" too.
    ['leading hyphen', '---\nname: -agent\ndescription: d\n---\n', 2, /lower-case letters/],
    ['trailing dot', '---\nname: agent.\ndescription: d\n---\n', 2, /lower-case letters/],
    ['bad tier', '---\nname: a\ndescription: d\ntier: large\n---\n', 4, /tier must be one of/],
    [
      'bad maxTurns',
      '---\nname: a\ndescription: d\nmaxTurns: -1\n---\n',
      4,
      /maxTurns must be a positive integer/,
    ],
    [
      'malformed YAML that quoting does not mend',
      '---\nname: a\ndescription: "open\nmodel: sonnet\n---\n',
      4,
      /invalid YAML frontmatter/,
    ],
    [
      'a plain ": " in a key Claude Code does not quote',
      '---\nname: a\ndescription: d\nx-2: a: b\n---\n',
      4,
      /invalid YAML frontmatter: Nested mappings/,
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
  ])('reports %s with its line', (_label, text, line, error) => {
    const outcome = parse(text);
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.problem.error).toMatch(error);
    expect(outcome.problem.line).toBe(line);
  });

  it('reads examples as whole requests and bounds them', () => {
    const listed = parse(
      '---\nname: a\ndescription: d\nexamples:\n  - add a GET /healthz route, returning 200\n  - "why does: this fail?"\n---\n',
    );
    expect(listed.kind === 'ok' && listed.definition.examples).toEqual([
      'add a GET /healthz route, returning 200',
      'why does: this fail?',
    ]);
    const single = parse(
      '---\nname: a\ndescription: d\nexamples: fix the login, then deploy\n---\n',
    );
    expect(single.kind === 'ok' && single.definition.examples).toEqual([
      'fix the login, then deploy',
    ]);
    const none = parse('---\nname: a\ndescription: d\n---\n');
    expect(none.kind === 'ok' && none.definition.examples).toEqual([]);
    for (const [examples, error] of [
      ['[1, 2]', /"examples" items must be strings; item 1 is number 1/],
      [`[${'x, '.repeat(101)}x]`, /"examples" has 102 entries; keep it to 100 at most/],
      [`["${'y'.repeat(501)}"]`, /item 1 is 501 characters; keep each under 500/],
    ] as const) {
      const outcome = parse(`---\nname: a\ndescription: d\nexamples: ${examples}\n---\n`);
      expect(outcome.kind === 'invalid' && outcome.problem.error).toMatch(error);
    }
  });

  it('warns about an unknown model but keeps the agent', () => {
    const outcome = parse('---\nname: a\ndescription: d\nmodel: fable\n---\n');
    expect(outcome.kind).toBe('ok');
    expect(outcome.kind === 'ok' && outcome.warnings[0]?.warning).toMatch(/unknown model "fable"/);
  });

  it('warns about terminal control characters in the description and the prompt', () => {
    const outcome = parse('---\nname: a\ndescription: "d \\e]52;c;eA==\\a"\n---\nbody \x1b[2J\n');
    expect(outcome.kind === 'ok' && outcome.warnings.map((warning) => warning.warning)).toEqual([
      expect.stringMatching(/^the description contains control characters/),
      expect.stringMatching(/^the prompt contains control characters/),
    ]);
  });

  it('loads a plain description holding ": " as Claude Code does, with a portability warning', () => {
    const outcome = parse(
      '---\nname: a\ndescription: Use when: the user asks "why" \\ often. Triggers on: p-value\nmodel: sonnet\n---\nBody\n',
    );
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.definition.description).toBe(
      'Use when: the user asks "why" \\ often. Triggers on: p-value',
    );
    expect(outcome.definition.model).toBe('sonnet');
    expect(outcome.warnings).toEqual([
      {
        file: '/agents/x.md',
        line: 3,
        kind: 'portability',
        warning: expect.stringMatching(
          /^"description" is an unquoted value containing ": "/,
        ) as unknown,
      },
    ]);
  });

  it('quotes as Claude Code does only after strict YAML fails, tabs included', () => {
    // Strict YAML reads this "#" as a comment, so Claude Code never quotes it: neither do we.
    const comment = parse('---\nname: a\ndescription: d #note\n---\n');
    expect(comment.kind === 'ok' && comment.definition.description).toBe('d');
    expect(comment.kind === 'ok' && comment.warnings).toEqual([]);
    const tabbed = parse('---\nname: a\ndescription: see: this\ntools:\n\t- Read\n---\n');
    expect(tabbed.kind === 'ok' && tabbed.definition.tools).toEqual(['Read']);
  });

  it('refuses an alias bomb instead of quoting its aliases into strings', () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      bomb += `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]\n`;
      previous = name;
    }
    const outcome = parse(`---\nname: alias\ndescription: d\n${bomb}---\nbody\n`);
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problem.error).toContain('alias bomb');
  });

  it('accepts a dotted name and warns that it is not portable', () => {
    const outcome = parse('---\nname: powershell-5.1-expert\ndescription: d\n---\n');
    expect(outcome.kind === 'ok' && outcome.definition.name).toBe('powershell-5.1-expert');
    expect(outcome.kind === 'ok' && outcome.warnings).toEqual([
      {
        file: '/agents/x.md',
        line: 2,
        kind: 'portability',
        warning: expect.stringMatching(/outside \[a-z0-9-\] \("\."\)/) as unknown,
      },
    ]);
  });

  it('parses frontmatter outside the simple subset with the full YAML library', () => {
    const outcome = parseAgentText('---\nname: a\ndescription: >\n  folded\n  text\n---\n', 'x.md');
    expect(outcome.kind === 'ok' && outcome.definition.description).toBe('folded text');
  });
});
