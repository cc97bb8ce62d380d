import { describe, expect, it } from 'vitest';
import { parseAgentText } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { copiesOf, distinctHits } from './copies.js';

function agent(name: string, description: string, body: string): AgentDefinition {
  const outcome = parseAgentText(
    `---\nname: ${name}\ndescription: ${description}\n---\n${body}\n`,
    `${name}.md`,
  );
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

describe('copiesOf', () => {
  it('groups agents whose description and body are identical, whatever their names', () => {
    const agents = [
      agent('plugin-a-reviewer', 'Reviews diffs', 'You review code.'),
      agent('writer', 'Writes docs', 'You write docs.'),
      agent('plugin-b-reviewer', 'Reviews diffs', 'You review code.'),
      agent('strict-reviewer', 'Reviews diffs', 'You review code strictly.'),
    ];
    expect(copiesOf(agents)).toEqual([0, 1, 0, 3]);
  });
});

describe('distinctHits', () => {
  it('keeps the best of each group of copies, up to the limit', () => {
    const hits = [0, 2, 1, 3].map((document) => ({ document, score: 4 - document }));
    expect(distinctHits(hits, [0, 1, 0, 3], 2).map((hit) => hit.document)).toEqual([0, 1]);
    expect(distinctHits(hits, [0, 1, 0, 3], 9).map((hit) => hit.document)).toEqual([0, 1, 3]);
  });
});
