import type { APIError } from '@anthropic-ai/sdk';
import { anthropicSdk } from './anthropic-sdk.js';
import { ProviderError } from '../errors.js';
import { errorForStatus, headerRecord } from './http.js';

/** instanceof on the generic class would type it APIError<any, ...>; this keeps the defaults. */
function isApiError(error: unknown): error is APIError {
  return error instanceof anthropicSdk().APIError;
}

/**
 * The failure behind a stream that broke after it started, if that is what `error` is. SDK
 * 1.17+ wraps a body cut short (undici's `TypeError: terminated`) in an APIConnectionError;
 * older versions passed it through bare.
 */
function brokenStream(
  error: unknown,
  connectionError: abstract new (...args: never[]) => Error,
): Error | undefined {
  if (error instanceof connectionError) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error && cause.name === 'TypeError' && cause.message === 'terminated'
      ? cause
      : undefined;
  }
  if (isApiError(error) || !(error instanceof Error) || error.name === 'AbortError')
    return undefined;
  return error;
}

/**
 * Translates the SDK's errors into ours: the API's own message, the status and the headers
 * (for retry-after and rate limits). Keys never appear: the API's messages do not echo them,
 * and we add nothing from the request.
 */
export function fromAnthropicError(error: unknown, streaming = false): unknown {
  const { APIConnectionError, APIUserAbortError } = anthropicSdk();
  if (error instanceof APIUserAbortError) return error;
  // A stream that breaks after it started (cut connection, malformed event) is not a success
  // with partial output: it is a failed attempt, worth another.
  const broken = streaming ? brokenStream(error, APIConnectionError) : undefined;
  if (broken)
    return new ProviderError(
      'provider.stream_failed',
      `the response stream broke: ${broken.message}`,
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
  return errorForStatus(apiError.status, {
    service: 'the Anthropic API',
    message: apiError.apiMessage ?? apiError.message,
    keyVariable: 'ANTHROPIC_API_KEY',
    headers: headerRecord(apiError.headers),
    cause: error,
  });
}
