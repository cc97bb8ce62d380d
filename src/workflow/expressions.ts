/**
 * The condition language of `when` and `repeat.until`: small, safe (no code runs), and typed, so
 * `workflow validate` catches a mistake before any model call.
 *
 *   steps.review.output contains "APPROVED"
 *   steps.tests.status == "failed" or inputs.mode == "strict"
 *   not (steps.scan.cost > 0.5) and steps.scan.iterations < 3
 *
 * Operands: `inputs.NAME`, `steps.ID.output|status|cost|iterations`, "strings", numbers, true,
 * false. Operators: == != < <= > >= contains, and, or, not, parentheses. A bare operand is true
 * when it is true, a non-zero number or a non-empty string.
 */

export type ValueType = 'string' | 'number' | 'boolean';
export type Value = string | number | boolean;

export type Expression =
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'ref'; readonly path: readonly string[] }
  | { readonly kind: 'not'; readonly operand: Expression }
  | {
      readonly kind: 'logical';
      readonly operator: 'and' | 'or';
      readonly left: Expression;
      readonly right: Expression;
    }
  | {
      readonly kind: 'compare';
      readonly operator: CompareOperator;
      readonly left: Expression;
      readonly right: Expression;
    };

type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

const COMPARE = new Set<string>(['==', '!=', '<', '<=', '>', '>=', 'contains']);
/** Longest expressions accepted: a condition is a line, not a program. */
const MAX_LENGTH = 2_000;

interface Token {
  readonly text: string;
  readonly kind: 'word' | 'string' | 'number' | 'symbol';
  readonly at: number;
}

export class ExpressionError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const rest = source.slice(index);
    const symbol = /^(==|!=|<=|>=|<|>|\(|\))/.exec(rest)?.[0];
    if (symbol !== undefined) {
      tokens.push({ text: symbol, kind: 'symbol', at: index });
      index += symbol.length;
      continue;
    }
    if (char === '"' || char === "'") {
      let end = index + 1;
      let text = '';
      while (end < source.length && source[end] !== char) {
        if (source[end] === '\\' && end + 1 < source.length) end += 1;
        text += source[end] ?? '';
        end += 1;
      }
      if (end >= source.length)
        throw new ExpressionError(`unterminated string at column ${index + 1}`);
      tokens.push({ text, kind: 'string', at: index });
      index = end + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest)?.[0];
    if (number !== undefined) {
      tokens.push({ text: number, kind: 'number', at: index });
      index += number.length;
      continue;
    }
    const word = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*/.exec(rest)?.[0];
    if (word !== undefined) {
      tokens.push({ text: word, kind: 'word', at: index });
      index += word.length;
      continue;
    }
    throw new ExpressionError(`unexpected "${char}" at column ${index + 1}`);
  }
  return tokens;
}

/** Parses a condition; throws ExpressionError with the column of the problem. */
export function parseExpression(source: string): Expression {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const describe = (token: Token | undefined): string =>
    token === undefined ? 'the end' : `"${token.text}" at column ${token.at + 1}`;

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (peek()?.kind === 'word' && peek()?.text === 'or') {
      position += 1;
      left = { kind: 'logical', operator: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseNot();
    while (peek()?.kind === 'word' && peek()?.text === 'and') {
      position += 1;
      left = { kind: 'logical', operator: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Expression => {
    if (peek()?.kind === 'word' && peek()?.text === 'not') {
      position += 1;
      return { kind: 'not', operand: parseNot() };
    }
    return parseCompare();
  };
  const parseCompare = (): Expression => {
    const left = parseOperand();
    const next = peek();
    if (next !== undefined && COMPARE.has(next.text) && next.kind !== 'string') {
      position += 1;
      const operator = next.text as CompareOperator; // checked against COMPARE just above
      return { kind: 'compare', operator, left, right: parseOperand() };
    }
    return left;
  };
  const parseOperand = (): Expression => {
    const token = peek();
    if (token === undefined) throw new ExpressionError('ends where a value was expected');
    position += 1;
    if (token.kind === 'string') return { kind: 'literal', value: token.text };
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = parseOr();
      if (peek()?.text !== ')')
        throw new ExpressionError(`expected ")" but found ${describe(peek())}`);
      position += 1;
      return inner;
    }
    if (token.kind === 'word') {
      if (token.text === 'true' || token.text === 'false')
        return { kind: 'literal', value: token.text === 'true' };
      if (['and', 'or', 'not', 'contains'].includes(token.text))
        throw new ExpressionError(`expected a value but found ${describe(token)}`);
      return { kind: 'ref', path: token.text.split('.') };
    }
    throw new ExpressionError(`expected a value but found ${describe(token)}`);
  };

  const expression = parseOr();
  if (position < tokens.length) throw new ExpressionError(`unexpected ${describe(peek())}`);
  return expression;
}

/** Every reference in the expression, as dotted paths. */
export function expressionRefs(expression: Expression): string[][] {
  switch (expression.kind) {
    case 'literal':
      return [];
    case 'ref':
      return [[...expression.path]];
    case 'not':
      return expressionRefs(expression.operand);
    case 'logical':
    case 'compare':
      return [...expressionRefs(expression.left), ...expressionRefs(expression.right)];
  }
}

/**
 * Type-checks the expression: `typeOf` gives each reference's type (or throws ExpressionError
 * for an unknown one). Returns the expression's own type.
 */
export function checkExpression(
  expression: Expression,
  typeOf: (path: readonly string[]) => ValueType,
): ValueType {
  switch (expression.kind) {
    case 'literal':
      return typeof expression.value as ValueType; // a literal is string, number or boolean
    case 'ref':
      return typeOf(expression.path);
    case 'not':
      checkExpression(expression.operand, typeOf);
      return 'boolean';
    case 'logical':
      checkExpression(expression.left, typeOf);
      checkExpression(expression.right, typeOf);
      return 'boolean';
    case 'compare': {
      const left = checkExpression(expression.left, typeOf);
      const right = checkExpression(expression.right, typeOf);
      const { operator } = expression;
      if (operator === 'contains') {
        if (left !== 'string' || right !== 'string')
          throw new ExpressionError(
            `"contains" needs text on both sides, got ${left} and ${right}`,
          );
      } else if (operator === '==' || operator === '!=') {
        if (left !== right)
          throw new ExpressionError(
            `"${operator}" compares ${left} with ${right}; they never match`,
          );
      } else if (left !== 'number' || right !== 'number') {
        throw new ExpressionError(
          `"${operator}" needs numbers on both sides, got ${left} and ${right}`,
        );
      }
      return 'boolean';
    }
  }
}

/** Evaluates the expression; `valueOf` gives each reference's current value. */
export function evaluateExpression(
  expression: Expression,
  valueOf: (path: readonly string[]) => Value,
): Value {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'ref':
      return valueOf(expression.path);
    case 'not':
      return !truthy(evaluateExpression(expression.operand, valueOf));
    case 'logical': {
      const left = truthy(evaluateExpression(expression.left, valueOf));
      if (expression.operator === 'and' ? !left : left) return left;
      return truthy(evaluateExpression(expression.right, valueOf));
    }
    case 'compare': {
      const left = evaluateExpression(expression.left, valueOf);
      const right = evaluateExpression(expression.right, valueOf);
      switch (expression.operator) {
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case 'contains':
          return String(left).toLowerCase().includes(String(right).toLowerCase());
        case '<':
          return Number(left) < Number(right);
        case '<=':
          return Number(left) <= Number(right);
        case '>':
          return Number(left) > Number(right);
        case '>=':
          return Number(left) >= Number(right);
      }
    }
  }
}

export function truthy(value: Value): boolean {
  return typeof value === 'string' ? value.length > 0 : Boolean(value);
}
