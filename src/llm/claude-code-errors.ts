import { escapeControls } from '../files/index.js';
import { ProviderError } from '../errors.js';
import { errorForStatus } from './http.js';

/** What Claude Code's final `result` line says about a failure (stream-json). */
export interface ClaudeCodeResult {
  readonly subtype?: string | undefined;
  readonly is_error?: boolean | undefined;
  readonly result?: unknown;
  /** The API's HTTP status, set by recent Claude Code versions on an API error. */
  readonly api_error_status?: unknown;
}

export interface ClaudeCodeFailure {
  /** The `result` line, when Claude Code wrote one. */
  readonly result: ClaudeCodeResult | undefined;
  /** What Claude Code wrote to stderr (the start of it). */
  readonly stderr: string;
  readonly exitCode: number | null;
  /** The child's environment: the values of its key variables are redacted from messages. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Claude Code's message is quoted in ours up to this many characters. */
const MAX_QUOTED = 300;
const SECRET_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'];
/** Anthropic keys and OAuth tokens, and bearer tokens, wherever they appear. */
const SECRET_PATTERN = /\bsk-ant-[A-Za-z0-9_-]+|\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;
const AUTH_TEXT =
  /invalid api key|please run \/login|not logged in|authentication_error|oauth token has expired|invalid x-api-key/i;
const USAGE_LIMIT_TEXT = /usage limit|limit reached|credit balance is too low/i;
const LOGIN_HINT = 'run `claude login` (or `claude` and /login), or set ANTHROPIC_API_KEY';

/**
 * Claude Code's failure as our error, with Claude Code's own message quoted (one line, control
 * characters escaped, keys redacted, shortened). Not retried: a refused login or key (it will be
 * refused again), a bad request, and a usage limit (it lasts hours, not seconds). Retried: rate
 * limits, overload and server errors, by status, and a Claude Code that died without a result.
 */
export function claudeCodeError(failure: ClaudeCodeFailure): ProviderError {
  const { result } = failure;
  const said = quote(messageOf(failure), failure.env);
  const status = statusOf(result, said);
  if (status === 401 || (status === undefined && AUTH_TEXT.test(said)))
    return new ProviderError(
      'provider.auth',
      `Claude Code is not logged in or its key was refused: ${said}`,
      {
        ...(status === undefined ? {} : { status }),
        exitCode: 2,
        hint: LOGIN_HINT,
      },
    );
  if (status !== undefined)
    return errorForStatus(status, {
      service: 'Claude Code',
      message: said,
      keyVariable: 'ANTHROPIC_API_KEY',
    });
  if (USAGE_LIMIT_TEXT.test(said))
    return new ProviderError('provider.rate_limited', `Claude Code hit a usage limit: ${said}`, {
      hint: 'wait until the limit resets, or pick another provider (--provider anthropic)',
    });
  return new ProviderError(
    'provider.claude_code_failed',
    `Claude Code did not finish the task: ${said}`,
    {
      // Died without a result (killed, crashed): another attempt may well succeed.
      retryable: result === undefined,
      hint:
        result?.subtype === 'error_max_turns'
          ? 'the task needed more turns than allowed; split it into smaller tasks'
          : 'the message above is Claude Code\'s own; check that `claude -p "hello"` works in this project',
    },
  );
}

/** Claude Code's own words: the result text, else the subtype, else the last line of stderr. */
function messageOf(failure: ClaudeCodeFailure): string {
  const { result } = failure;
  if (typeof result?.result === 'string' && result.result.trim() !== '') return result.result;
  if (result?.subtype !== undefined && result.subtype !== 'success')
    return `${result.subtype} (no message)`;
  const lastLine = failure.stderr.trim().split('\n').at(-1)?.trim();
  if (lastLine !== undefined && lastLine !== '') return lastLine;
  return `it exited with code ${failure.exitCode ?? 'none'} and no message`;
}

function statusOf(result: ClaudeCodeResult | undefined, said: string): number | undefined {
  const reported = result?.api_error_status;
  if (typeof reported === 'number' && Number.isInteger(reported) && reported >= 400)
    return reported;
  const quoted = /\bAPI Error: (\d{3})\b/.exec(said)?.[1];
  return quoted === undefined ? undefined : Number(quoted);
}

function quote(
  text: string,
  env: Readonly<Record<string, string | undefined>> | undefined,
): string {
  let quoted = text.replace(SECRET_PATTERN, (match, bearer: string | undefined) =>
    bearer === undefined ? '[redacted]' : `${bearer}[redacted]`,
  );
  for (const name of SECRET_VARIABLES) {
    const value = env?.[name];
    // Short values would redact ordinary words; real keys are long.
    if (value !== undefined && value.length >= 8) quoted = quoted.split(value).join('[redacted]');
  }
  quoted = escapeControls(quoted.replace(/\s+/g, ' ').trim());
  return quoted.length > MAX_QUOTED ? `${quoted.slice(0, MAX_QUOTED - 1)}…` : quoted;
}
