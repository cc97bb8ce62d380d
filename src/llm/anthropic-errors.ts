import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ProviderError } from '../errors.js';

/** instanceof on the generic class would type it APIError<any, ...>; this keeps the defaults. */
function isApiError(error: unknown): error is APIError {
  return error instanceof APIError;
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

/**
 * Translates the SDK's errors into ours: the API's own message, the status and the headers
 * (for retry-after and rate limits). Keys never appear: the API's messages do not echo them,
 * and we add nothing from the request.
 */
export function fromAnthropicError(error: unknown, streaming = false): unknown {
  if (error instanceof APIUserAbortError) return error;
  // A stream that breaks after it started (cut connection, malformed event) is not a success
  // with partial output: it is a failed attempt, worth another.
  if (streaming && !isApiError(error) && error instanceof Error && error.name !== 'AbortError')
    return new ProviderError(
      'provider.stream_failed',
      `the response stream broke: ${error.message}`,
      {
        cause: error,
        retryable: true,
      },
    );
  if (error instanceof APIConnectionError) {
    return new ProviderError(
      'provider.connection',
      `could not reach the Anthropic API: ${error.message}`,
      {
        cause: error,
        retryable: true,
        hint: 'check the network, or ANTHROPIC_BASE_URL if you set it',
      },
    );
  }
  if (!isApiError(error)) return error;
  const apiError = error;
  const status = apiError.status;
  const message = apiError.apiMessage ?? apiError.message;
  const headers = headerRecord(apiError.headers);
  const common = {
    cause: error,
    ...(status === undefined ? {} : { status }),
    ...(headers === undefined ? {} : { headers }),
  };
  if (status === 401)
    return new ProviderError('provider.auth', `the Anthropic API refused the key: ${message}`, {
      ...common,
      exitCode: 2,
      hint: 'set ANTHROPIC_API_KEY to a valid key',
    });
  if (status === 403)
    return new ProviderError('provider.forbidden', `the Anthropic API refused access: ${message}`, {
      ...common,
      exitCode: 2,
      hint: 'check the key has access to this model and workspace',
    });
  if (status === 400 || status === 404 || status === 413 || status === 422)
    return new ProviderError(
      'provider.bad_request',
      `the Anthropic API rejected the request: ${message}`,
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
  return new ProviderError(
    code,
    `the Anthropic API failed (${status ?? 'no status'}): ${message}`,
    common,
  );
}
