import { describe, expect, it } from 'vitest';
import { isServedCommand } from './served-commands.js';

describe('isServedCommand', () => {
  it('serves route and the read-only memory commands', () => {
    expect(isServedCommand(['route', 'fix the login test', '--json'])).toBe(true);
    expect(isServedCommand(['--json', 'route', 'x'])).toBe(false); // global flags go after
    expect(isServedCommand(['memory', 'search', 'login'])).toBe(true);
    expect(isServedCommand(['memory', 'show', 'qa', '--json'])).toBe(true);
    expect(isServedCommand(['memory', 'list'])).toBe(true);
  });

  it('leaves writers, stdin, help, debug, rerank and everything else to the CLI', () => {
    expect(isServedCommand(['memory', 'add', 'qa', 'text'])).toBe(false);
    expect(isServedCommand(['memory'])).toBe(false);
    expect(isServedCommand(['route', '-'])).toBe(false);
    expect(isServedCommand(['route', 'x', '--rerank'])).toBe(false);
    expect(isServedCommand(['route', 'x', '--llm-route'])).toBe(false);
    expect(isServedCommand(['route', 'x', '--help'])).toBe(false);
    expect(isServedCommand(['route', 'x', '--debug'])).toBe(false);
    expect(isServedCommand(['route', '--', 'x'])).toBe(false);
    expect(isServedCommand(['run', 'x'])).toBe(false);
    expect(isServedCommand(['constructor'])).toBe(false);
    expect(isServedCommand(['__proto__', 'list'])).toBe(false);
    expect(isServedCommand([])).toBe(false);
  });
});
