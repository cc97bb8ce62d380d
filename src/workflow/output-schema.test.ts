import { describe, expect, it } from 'vitest';
import { outputProblem, schemaProblem } from './output-schema.js';

const ANSWER = {
  schema: {
    type: 'object',
    required: ['answer'],
    properties: {
      answer: { type: 'string' },
      sources: { type: 'array', items: { type: 'string' } },
    },
    additionalProperties: false,
  },
};

describe('a step output against its schema', () => {
  it('accepts matching JSON, bare or as the one fenced block that is the whole answer', () => {
    expect(outputProblem('{"answer": "42"}', ANSWER)).toBeUndefined();
    expect(outputProblem('  {"answer": "42", "sources": ["a"]}\n', ANSWER)).toBeUndefined();
    expect(outputProblem('```json\n{"answer": "42"}\n```', ANSWER)).toBeUndefined();
    expect(outputProblem('```\n{"answer": "42"}\n```\n', ANSWER)).toBeUndefined();
  });

  it('refuses prose, JSON inside prose, and JSON that does not match, saying where', () => {
    expect(outputProblem('The answer is 42.', ANSWER)).toBe('the answer is not JSON');
    expect(outputProblem('Here it is: {"answer": "42"}', ANSWER)).toBe('the answer is not JSON');
    expect(outputProblem('```json\n{"answer": "42"}\n```\nHope that helps!', ANSWER)).toBe(
      'the answer is not JSON',
    );
    expect(outputProblem('{"answer": 42}', ANSWER)).toMatch(/answer must be string/);
    expect(outputProblem('{}', ANSWER)).toMatch(/must have required property 'answer'/);
    expect(outputProblem('{"answer": "42", "extra": 1}', ANSWER)).toMatch(
      /must NOT have additional properties/,
    );
    expect(outputProblem('{"answer": "4', ANSWER)).toBe('the answer is not JSON');
  });

  it('tells a schema it cannot compile from one it can', () => {
    expect(schemaProblem(ANSWER.schema)).toBeUndefined();
    expect(schemaProblem({ type: 'text' })).toMatch(/type/);
    expect(schemaProblem({ properties: { a: { $ref: '#/definitions/missing' } } })).toMatch(
      /missing/,
    );
  });
});
