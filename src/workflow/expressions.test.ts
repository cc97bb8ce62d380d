import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  checkExpression,
  evaluateExpression,
  expressionRefs,
  parseExpression,
} from './expressions.js';
import type { Value, ValueType } from './expressions.js';

const values: Record<string, Value> = {
  'steps.review.output': 'Verdict: APPROVED with nits',
  'steps.review.status': 'succeeded',
  'steps.scan.cost': 0.75,
  'steps.scan.iterations': 2,
  'inputs.mode': 'strict',
};
const evaluate = (source: string): Value =>
  evaluateExpression(parseExpression(source), (path) => values[path.join('.')] ?? '');
const types = (path: readonly string[]): ValueType => {
  const value = values[path.join('.')];
  if (value === undefined) throw new ExpressionError(`unknown ${path.join('.')}`);
  return typeof value as ValueType;
};

describe('conditions', () => {
  it('evaluates comparisons, contains (any case), and/or/not and parentheses', () => {
    expect(evaluate('steps.review.output contains "approved"')).toBe(true);
    expect(evaluate('steps.review.status == "failed" or inputs.mode == "strict"')).toBe(true);
    expect(evaluate('not (steps.scan.cost > 0.5) and steps.scan.iterations < 3')).toBe(false);
    expect(evaluate('steps.scan.cost >= 0.75 and steps.scan.iterations <= 2')).toBe(true);
    expect(evaluate("inputs.mode != 'lenient'")).toBe(true);
    expect(evaluate('steps.missing.output')).toBe('');
  });

  it('lists the references it reads', () => {
    expect(expressionRefs(parseExpression('a.b == "x" and not c.d.e'))).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('reports syntax errors with their column', () => {
    expect(() => parseExpression('steps.a.output contains')).toThrow(/ends where a value/);
    expect(() => parseExpression('steps.a.output == "open')).toThrow(
      /unterminated string at column 19/,
    );
    expect(() => parseExpression('(steps.a.cost > 1')).toThrow(/expected "\)"/);
    expect(() => parseExpression('steps.a.cost > 1 1')).toThrow(/unexpected "1" at column 18/);
    expect(() => parseExpression('steps.a.cost ; 1')).toThrow(/unexpected ";"/);
    expect(() => parseExpression('x'.repeat(3_000))).toThrow(/longer than/);
  });

  it('type-checks before anything runs', () => {
    const check = (source: string): ValueType => checkExpression(parseExpression(source), types);
    expect(check('steps.scan.cost > 0.5')).toBe('boolean');
    expect(() => check('steps.scan.cost contains "1"')).toThrow(/needs text on both sides/);
    expect(() => check('steps.review.output > 2')).toThrow(/needs numbers/);
    expect(() => check('steps.scan.iterations == "2"')).toThrow(/compares number with string/);
    expect(() => check('steps.nope.output == "x"')).toThrow(/unknown steps.nope.output/);
  });
});
