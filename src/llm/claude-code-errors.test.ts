import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../resilience/index.js';
import { claudeCodeError } from './claude-code-errors.js';
import type { ClaudeCodeFailure } from './claude-code-errors.js';

const failure = (input: Partial<ClaudeCodeFailure>): ClaudeCodeFailure => ({
  result: undefined,
  stderr: '',
  exitCode: 1,
  ...input,
});

describe('claudeCodeError', () => {
  it("quotes Claude Code's result text, not the subtype, and maps the API status", () => {
    const error = claudeCodeError(
      failure({
        result: {
          subtype: 'success',
          is_error: true,
          api_error_status: 400,
          result: 'API Error: 400 offline probe',
        },
      }),
    );
    expect(error.code).toBe('provider.bad_request');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('API Error: 400 offline probe');
    expect(error.message).not.toContain('success');
    expect(classifyFailure(error).retryable).toBe(false);
  });

  it.each([
    [{ subtype: 'success', is_error: true, result: 'Invalid API key · Please run /login' }, ''],
    [undefined, 'Error: not logged in\n'],
    [{ is_error: true, api_error_status: 401, result: 'API Error: 401 {"type":"error"}' }, ''],
  ])('a refused login or key is provider.auth, exit 2, not retried (%j %j)', (result, stderr) => {
    const error = claudeCodeError(failure({ result, stderr }));
    expect(error.code).toBe('provider.auth');
    expect(error.exitCode).toBe(2);
    expect(error.hint).toContain('claude login');
    expect(error.hint).not.toContain('bug');
    expect(classifyFailure(error).retryable).toBe(false);
  });

  it.each([
    [403, 'provider.forbidden', false],
    [429, 'provider.rate_limited', true],
    [529, 'provider.overloaded', true],
    [500, 'provider.server_error', true],
  ])('status %i is %s (retried: %s)', (status, code, retried) => {
    const error = claudeCodeError(
      failure({ result: { is_error: true, result: `API Error: ${status} nope` } }),
    );
    expect(error.code).toBe(code);
    expect(classifyFailure(error).retryable).toBe(retried);
  });

  it('does not retry a usage limit, which lasts hours', () => {
    const error = claudeCodeError(
      failure({ result: { is_error: true, result: 'Claude AI usage limit reached|1767225600' } }),
    );
    expect(error.code).toBe('provider.rate_limited');
    expect(classifyFailure(error).retryable).toBe(false);
  });

  it('retries a Claude Code that died without a result, naming its last stderr line', () => {
    const error = claudeCodeError(failure({ stderr: 'starting\nSegmentation fault\n' }));
    expect(error.code).toBe('provider.claude_code_failed');
    expect(error.message).toContain('Segmentation fault');
    expect(error.hint).not.toContain('bug in claude-hybrid');
    expect(classifyFailure(error).retryable).toBe(true);
  });

  it('names the subtype when Claude Code gave no message, and does not retry', () => {
    const error = claudeCodeError(
      failure({ result: { subtype: 'error_max_turns', is_error: true } }),
    );
    expect(error.message).toContain('error_max_turns');
    expect(error.hint).toContain('turns');
    expect(classifyFailure(error).retryable).toBe(false);
  });

  it('redacts keys, escapes control characters, keeps one line and shortens', () => {
    const key = 'sk-ant-api03-abcdefghijklmnop';
    const error = claudeCodeError(
      failure({
        result: {
          is_error: true,
          result: `API Error: 500 key ${key} token Bearer abc.def.ghi.jkl secret hunter2hunter2\n\x1b]52;c;cHduZWQ=\x07${'x'.repeat(1000)}`,
        },
        env: { ANTHROPIC_AUTH_TOKEN: 'hunter2hunter2' },
      }),
    );
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('abc.def');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('\x1b');
    expect(error.message).toContain('\\x1b]52');
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
  });
});
