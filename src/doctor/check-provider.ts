import type { LoadedConfig } from '../config/index.js';
import { isHybridError } from '../errors.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const KEY_VARIABLE = 'ANTHROPIC_API_KEY';
/** How long the online request may take. */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** Providers that never read the API key. */
const KEYLESS = new Set(['bedrock', 'vertex', 'claude-code', 'sim']);

function apiKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[KEY_VARIABLE]?.trim();
  return key === undefined || key === '' ? undefined : key;
}

/** Whether the Anthropic API key is there. Its value is never read into any output. */
export function checkApiKey(input: DoctorInput, loaded: LoadedConfig | undefined): DoctorCheck {
  const title = 'Anthropic API key';
  if (apiKey(input.env) !== undefined)
    return checkResult('api-key', title, 'ok', `${KEY_VARIABLE} is set`);
  const provider = loaded?.config.engine.provider ?? 'auto';
  const fix = `export ${KEY_VARIABLE}=<your key> (from console.anthropic.com), or run through your Claude Code login with engine.provider: claude-code`;
  if (input.requireKey)
    return checkResult(
      'api-key',
      title,
      'fail',
      `${KEY_VARIABLE} is not set, and a key is required (--require-key)`,
      fix,
    );
  if (KEYLESS.has(provider))
    return checkResult(
      'api-key',
      title,
      'ok',
      `${KEY_VARIABLE} is not set; engine.provider is ${provider}, which needs none`,
    );
  return checkResult(
    'api-key',
    title,
    'warn',
    `${KEY_VARIABLE} is not set: runs use Claude Code (claude on PATH) or --provider sim`,
    fix,
  );
}

/** The message of a failed request, with the key cut out should anything ever echo it. */
function scrubbed(message: string, key: string): string {
  return message.split(key).join('<key>');
}

/**
 * With `--online`: one count-tokens request through the Anthropic provider (no tokens are
 * generated, so it costs nothing), within a short timeout.
 */
export async function checkProvider(input: DoctorInput): Promise<DoctorCheck> {
  const title = 'Anthropic API reachable';
  if (!input.online)
    return checkResult(
      'provider',
      title,
      'skip',
      'offline (--online sends one count-tokens request)',
    );
  const key = apiKey(input.env);
  if (key === undefined)
    return checkResult('provider', title, 'skip', `not tried: ${KEY_VARIABLE} is not set`);
  const baseUrl = input.env.ANTHROPIC_BASE_URL;
  const target = baseUrl === undefined || baseUrl === '' ? 'api.anthropic.com' : baseUrl;
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let signal: AbortSignal | undefined;
  try {
    // The engine bundle, and the SDK in it, load only here, for --online. The time limit is
    // the API's: it starts once the code that calls it is loaded.
    const { anthropicProvider, bundledModelTable } = await import('./engine-door.js');
    signal = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    const provider = anthropicProvider({ env: input.env });
    const model = bundledModelTable().tiers.haiku;
    await provider.countTokens?.(
      { model, system: [], messages: [{ role: 'user', content: 'ping' }], maxTokens: 1 },
      signal,
    );
    const ms = Math.round(performance.now() - started);
    return checkResult('provider', title, 'ok', `${target} answered in ${ms} ms`);
  } catch (error) {
    if (signal?.aborted === true)
      return checkResult(
        'provider',
        title,
        'fail',
        `${target} did not answer within ${timeoutMs} ms`,
        'check the network (a proxy or firewall), or ANTHROPIC_BASE_URL if you set it',
      );
    const message = scrubbed((error as Error).message, key);
    const code = isHybridError(error) ? error.code : undefined;
    const fix =
      code === 'provider.auth'
        ? `${KEY_VARIABLE} was refused: set a valid key (console.anthropic.com > API keys)`
        : code === 'provider.connection'
          ? 'check the network (a proxy or firewall), or ANTHROPIC_BASE_URL if you set it'
          : isHybridError(error) && error.hint !== undefined
            ? scrubbed(error.hint, key)
            : 'try again later; claude-hybrid run --provider sim works offline meanwhile';
    return checkResult('provider', title, 'fail', `${target}: ${message}`, fix);
  }
}
