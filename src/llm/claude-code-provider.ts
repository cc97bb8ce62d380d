import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ProviderError } from '../errors.js';
import { claudeCodeError } from './claude-code-errors.js';
import type { AttemptResult } from '../resilience/index.js';
import type { CompleteOptions, ModelRequest, ModelResponse, Provider } from './types.js';

export interface ClaudeCodeProviderOptions {
  /** The Claude Code executable. @default 'claude' (from PATH); the engine passes claudeExecutable() */
  readonly command?: string;
  /** The child's environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where Claude Code works (its project). @default process.cwd() */
  readonly cwd?: string;
  /** Tools the agent may use without asking (`--allowedTools`); none when empty. */
  readonly allowedTools?: readonly string[];
  /** Turns Claude Code may take. @default 20 */
  readonly maxTurns?: number;
}

/** After SIGTERM, how long the process group has before SIGKILL. */
const KILL_AFTER_MS = 2_000;

interface StreamLine {
  type?: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  api_error_status?: number;
  /** On a `system` `api_retry` line: the status Claude Code is retrying and its error name. */
  error_status?: number;
  error?: string;
  total_cost_usd?: number;
  session_id?: string;
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
  message?: { content?: { type?: string; text?: string }[] };
}

/**
 * Runs the agent through Claude Code (`claude -p --output-format stream-json`): the agent's
 * prompt is the system prompt, the task the prompt, and Claude Code does the work with its own
 * tools. Usage and cost come from the final `result` line. The child runs in its own process
 * group, which this provider owns: cancellation, a failure, or this process exiting kill the
 * whole group, so no Claude Code process (or tool it started) is left behind.
 */
export function claudeCodeProvider(options: ClaudeCodeProviderOptions = {}): Provider {
  return {
    name: 'claude-code',
    complete: (request, completeOptions = {}) => runClaude(request, completeOptions, options),
  };
}

function argumentsOf(request: ModelRequest, options: ClaudeCodeProviderOptions): string[] {
  const system = request.system.map((block) => block.text).join('\n\n');
  const task = request.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n\n');
  return [
    '-p',
    task,
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    request.model,
    '--max-turns',
    String(options.maxTurns ?? 20),
    ...(system === '' ? [] : ['--system-prompt', system]),
    ...((options.allowedTools ?? []).length > 0
      ? ['--allowedTools', (options.allowedTools ?? []).join(',')]
      : []),
  ];
}

function runClaude(
  request: ModelRequest,
  completeOptions: CompleteOptions,
  options: ClaudeCodeProviderOptions,
): Promise<AttemptResult<ModelResponse>> {
  completeOptions.signal?.throwIfAborted();
  const command = options.command ?? 'claude';
  const child = spawn(command, argumentsOf(request, options), {
    cwd: options.cwd ?? process.cwd(),
    env: { ...(options.env ?? process.env) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: killing the group reaches every descendant
  });
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const onExit = (): void => {
    killGroup('SIGKILL');
  };
  process.once('exit', onExit);
  let escalation: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    killGroup('SIGTERM');
    escalation = setTimeout(() => {
      killGroup('SIGKILL');
    }, KILL_AFTER_MS);
    escalation.unref();
  };
  completeOptions.signal?.addEventListener('abort', onAbort, { once: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8_192) stderr += chunk.toString('utf8');
  });
  let result: StreamLine | undefined;
  let refused: { status: number; error: string | undefined } | undefined;
  let streamed = '';
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let parsed: StreamLine;
    try {
      parsed = JSON.parse(line) as StreamLine; // Claude Code's stream-json; fields checked below
    } catch {
      return; // not an event line
    }
    if (parsed.type === 'result') result = parsed;
    // Claude Code retries even a refused key, ten times over minutes. A 401 or 403 will be
    // refused again: stop it at the first retry and report it.
    if (
      parsed.type === 'system' &&
      parsed.subtype === 'api_retry' &&
      (parsed.error_status === 401 || parsed.error_status === 403) &&
      refused === undefined
    ) {
      refused = { status: parsed.error_status, error: parsed.error };
      killGroup('SIGTERM');
    }
    if (parsed.type === 'assistant' && completeOptions.onText !== undefined) {
      for (const block of parsed.message?.content ?? []) {
        if (block.type === 'text' && typeof block.text === 'string') {
          const text = streamed === '' ? block.text : `\n${block.text}`;
          streamed += text;
          completeOptions.onText(text);
        }
      }
    }
  });
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      process.removeListener('exit', onExit);
      completeOptions.signal?.removeEventListener('abort', onAbort);
      if (escalation !== undefined) clearTimeout(escalation);
      killGroup('SIGTERM'); // tools Claude Code left running die with it
    };
    child.on('error', (error) => {
      finish();
      reject(
        new ProviderError(
          'provider.claude_code_missing',
          `could not run ${command}: ${error.message}`,
          {
            cause: error,
            exitCode: 2,
            hint: 'install Claude Code (npm install -g @anthropic-ai/claude-code) or pick another provider',
          },
        ),
      );
    });
    child.on('close', (code) => {
      finish();
      if (refused !== undefined) {
        const said = `API Error: ${refused.status} ${refused.error ?? ''} (stopped Claude Code instead of letting it retry)`;
        const refusal = { is_error: true, api_error_status: refused.status, result: said };
        reject(
          claudeCodeError({
            result: refusal,
            stderr,
            exitCode: code,
            env: options.env ?? process.env,
          }),
        );
        return;
      }
      if (completeOptions.signal?.aborted === true) {
        reject(completeOptions.signal.reason as Error); // abort reasons are errors
        return;
      }
      if (result === undefined || result.is_error === true || typeof result.result !== 'string') {
        reject(
          claudeCodeError({ result, stderr, exitCode: code, env: options.env ?? process.env }),
        );
        return;
      }
      const usage = result.usage ?? {};
      const text = result.result;
      resolve({
        value: {
          id: result.session_id ?? 'claude-code',
          model: request.model,
          content: [{ type: 'text', text }],
          text,
          stopReason: result.subtype ?? null,
          usage: {
            inputTokens: usage.input_tokens ?? 0,
            outputTokens: usage.output_tokens ?? 0,
            cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
            cacheReadTokens: usage.cache_read_input_tokens ?? 0,
          },
          ...(typeof result.total_cost_usd === 'number' ? { costUsd: result.total_cost_usd } : {}),
        },
      });
    });
  });
}
