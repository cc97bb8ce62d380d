import { describe, expect, it } from 'vitest';
import { code, inlineText, paragraphs, table } from './markdown.js';

describe('reference Markdown', () => {
  it('escapes markup in text but not in code spans', () => {
    expect(inlineText('models.agents.<name> and tool.* | `a <b> *c*`')).toBe(
      'models.agents.\\<name> and tool.\\* \\| `a <b> *c*`',
    );
    expect(inlineText('CLAUDE_HYBRID_HOME and _emphasis_')).toBe(
      'CLAUDE_HYBRID_HOME and \\_emphasis\\_',
    );
  });

  it('joins terminal-wrapped lines into paragraphs', () => {
    expect(paragraphs('one\n  two\n\nthree')).toBe('one two\n\nthree');
    expect(paragraphs('Steps:\n1. first,\n   wrapped\n2. second\n- a *b*')).toBe(
      'Steps:\n\n1. first, wrapped\n2. second\n- a \\*b\\*',
    );
  });

  it('escapes pipes in table cells, code spans included', () => {
    expect(table(['A'], [[code('http|command')]])).toBe('| A |\n| --- |\n| `http\\|command` |');
  });
});
