import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAnthropic } from '../../support/fake-anthropic/server.js';
import { runBuilt, tempProject } from '../../support/cli.js';
import type { CliResult } from '../../support/cli.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';

// Newcomer findings 1 and 14: the claude-code provider shows Claude Code's own error under a
// named code (exit 2 for a login, key or request problem, 1 otherwise), never error[internal]
// and never "a bug in claude-hybrid"; a refused login is not retried; and CLAUDE_HYBRID_CLAUDE
// selects the binary for `run --provider claude-code` as it does for `code`.

const REAL_CLAUDE = fileURLToPath(new URL('../../../node_modules/.bin/claude', import.meta.url));

/** What a run through Claude Code must look like when Claude Code fails. */
function failure(result: CliResult, code: string, exit: 1 | 2, quoted: string): ProbeResult {
  const detail = `exit ${result.code}: ${result.stderr.trim().slice(0, 400)}`;
  if (result.stderr.includes('error[internal]') || result.stderr.includes('bug in claude-hybrid'))
    return { outcome: 'crashed', detail };
  if (result.code !== exit || !result.stderr.includes(`error[${code}]`))
    return { outcome: 'crashed', detail: `expected error[${code}] and exit ${exit}; ${detail}` };
  if (!result.stderr.includes(quoted))
    return { outcome: 'crashed', detail: `Claude Code's own words "${quoted}" missing; ${detail}` };
  return { outcome: 'refused', detail };
}

/**
 * A fake `claude`, reached only through CLAUDE_HYBRID_CLAUDE (PATH has none), that appends a
 * line to `calls` each time it runs and then runs `body` (shell).
 */
function fakeClaudeCase(
  name: string,
  body: string,
  expect: (result: CliResult, calls: number) => ProbeResult,
): ProbeCase {
  return {
    name,
    async run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const bin = join(project.dir, '..', 'elsewhere');
        mkdirSync(bin);
        const calls = join(bin, 'calls');
        const fake = join(bin, 'fake-claude');
        writeFileSync(fake, `#!/bin/sh\necho x >> '${calls}'\n${body}\n`);
        chmodSync(fake, 0o755);
        const env = { ...project.env, CLAUDE_HYBRID_CLAUDE: fake };
        const result = await runBuilt(
          ['run', 'explain the retry policy', '--provider', 'claude-code', '--no-cache'],
          { cwd: project.dir, env },
        );
        const count = existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').length - 1 : 0;
        return expect(result, count);
      } finally {
        project.cleanup();
      }
    },
  };
}

const resultLine = (fields: Record<string, unknown>): string =>
  `echo '${JSON.stringify({ type: 'result', subtype: 'success', ...fields })}'`;

/** Exactly one attempt: a refused login must not be retried. */
const once = (inner: ProbeResult, calls: number): ProbeResult =>
  calls === 1
    ? inner
    : { outcome: 'crashed', detail: `Claude Code ran ${calls} times; ${inner.detail ?? ''}` };

const realClaude: ProbeCase = {
  name: 'the real Claude Code against an API answering 401',
  async run(): Promise<ProbeResult> {
    if (!existsSync(REAL_CLAUDE))
      return { outcome: 'handled', detail: 'Claude Code not installed' };
    const fake = await startFakeAnthropic({ allowedApiKeys: ['the-right-key'] });
    const project = tempProject();
    try {
      const env = {
        ...project.env,
        CLAUDE_HYBRID_CLAUDE: REAL_CLAUDE,
        ANTHROPIC_API_KEY: 'sk-ant-wrong-key-000000',
        ANTHROPIC_BASE_URL: fake.baseUrl,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      };
      const result = await runBuilt(
        ['run', 'explain the retry policy', '--provider', 'claude-code', '--no-cache'],
        { cwd: project.dir, env },
      );
      const messages = fake.requests.filter((request) => request.path === '/v1/messages').length;
      const outcome = failure(result, 'provider.auth', 2, 'Claude Code');
      if (result.stderr.includes('sk-ant-wrong-key'))
        return { outcome: 'crashed', detail: `the key appears in the error: ${result.stderr}` };
      // Claude Code may retry once itself; our five attempts would multiply that.
      if (messages === 0 || messages > 3)
        return {
          outcome: 'crashed',
          detail: `${messages} requests reached the API; ${outcome.detail ?? ''}`,
        };
      return outcome;
    } finally {
      project.cleanup();
      await fake.close();
    }
  },
};

export const probe: ProbeClass = {
  id: 'N1',
  title: "the claude-code provider shows Claude Code's own error under a named code",
  cases: [
    fakeClaudeCase(
      'an API error 400 in the result line',
      resultLine({ is_error: true, api_error_status: 400, result: 'API Error: 400 offline probe' }),
      (result) => failure(result, 'provider.bad_request', 2, 'API Error: 400 offline probe'),
    ),
    fakeClaudeCase(
      'an invalid API key in the result line, not retried',
      resultLine({ is_error: true, result: 'Invalid API key · Please run /login' }),
      (result, calls) => once(failure(result, 'provider.auth', 2, 'Invalid API key'), calls),
    ),
    fakeClaudeCase(
      'not logged in, no result line, not retried',
      "echo 'Error: not logged in' >&2; exit 1",
      (result, calls) => once(failure(result, 'provider.auth', 2, 'not logged in'), calls),
    ),
    fakeClaudeCase(
      'stopped after its turns',
      resultLine({ subtype: 'error_max_turns', is_error: true }),
      (result) => failure(result, 'provider.claude_code_failed', 1, 'error_max_turns'),
    ),
    fakeClaudeCase(
      'CLAUDE_HYBRID_CLAUDE runs the answer',
      resultLine({
        is_error: false,
        result: 'the retry policy is fine',
        usage: { input_tokens: 3, output_tokens: 5 },
      }),
      (result) =>
        result.code === 0 && result.stdout.includes('the retry policy is fine')
          ? { outcome: 'handled' }
          : { outcome: 'crashed', detail: `exit ${result.code}: ${result.stderr.slice(0, 300)}` },
    ),
    realClaude,
  ],
};
