/** What every HTTP provider shares: status-to-error mapping, request headers, URL credentials. */
import { ProviderError } from '../errors.js';

export interface StatusErrorInput {
  /** Who answered, for the message: "the Anthropic API", "http://127.0.0.1:11434/v1". */
  readonly service: string;
  /** The server's own explanation. */
  readonly message: string;
  /** The environment variable that holds the key, for the hint on 401. */
  readonly keyVariable: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly cause?: unknown;
}

/**
 * One mapping from an HTTP status to our error for every provider: 401/403 are key problems and
 * 400/404/413/422 bad requests (user errors, exit 2, never retried); 429 and 529 are rate limits
 * and overload, anything else a server error (retryable by status, see resilience/failure.ts).
 */
export function errorForStatus(status: number | undefined, input: StatusErrorInput): ProviderError {
  const common = {
    ...(status === undefined ? {} : { status }),
    ...(input.headers === undefined ? {} : { headers: input.headers }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  };
  const said = `(${status ?? 'no status'}): ${input.message}`;
  if (status === 401)
    return new ProviderError('provider.auth', `${input.service} refused the key ${said}`, {
      ...common,
      exitCode: 2,
      hint: `set ${input.keyVariable} to a valid key`,
    });
  if (status === 403)
    return new ProviderError('provider.forbidden', `${input.service} refused access ${said}`, {
      ...common,
      exitCode: 2,
      hint: `check that ${input.keyVariable} has access to this model`,
    });
  if (status === 400 || status === 404 || status === 413 || status === 422)
    return new ProviderError(
      'provider.bad_request',
      `${input.service} rejected the request ${said}`,
      {
        ...common,
        exitCode: 2,
        hint: 'check the model name and the request size',
      },
    );
  const code =
    status === 429
      ? 'provider.rate_limited'
      : status === 529
        ? 'provider.overloaded'
        : 'provider.server_error';
  return new ProviderError(code, `${input.service} failed ${said}`, common);
}

/** Lower-case header names and values of a Fetch Headers object, for ProviderError. */
export function headerRecord(headers: Headers | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}
