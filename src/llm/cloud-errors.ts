import type { APIError } from '@anthropic-ai/sdk';
import type * as SdkErrors from '@anthropic-ai/sdk/core/error';
import { ProviderError } from '../errors.js';
import type { CloudName } from '../models/index.js';
import { errorForStatus, headerRecord } from './http.js';

/** What the messages and hints of one cloud's errors say. */
interface CloudWords {
  readonly service: string;
  /** Where the endpoint comes from, for connection failures. */
  readonly endpointSetting: string;
  /** How to get credentials that work. */
  readonly credentialsHint: string;
  /** How to get access to a model. */
  readonly accessHint: string;
}

const WORDS: Readonly<Record<CloudName, CloudWords>> = {
  bedrock: {
    service: 'Amazon Bedrock',
    endpointSetting: 'provider.bedrock.baseUrl or ANTHROPIC_BEDROCK_BASE_URL',
    credentialsHint:
      'sign in to AWS (aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or name a profile with AWS_PROFILE or provider.bedrock.profile',
    accessHint:
      'enable the model for your account in the Bedrock console (Model access) and allow bedrock:InvokeModel for it, or pick another id in provider.bedrock.models',
  },
  vertex: {
    service: 'Vertex AI',
    endpointSetting: 'provider.vertex.baseUrl or ANTHROPIC_VERTEX_BASE_URL',
    credentialsHint:
      'run gcloud auth application-default login, or point GOOGLE_APPLICATION_CREDENTIALS at a service account key',
    accessHint:
      'enable the Claude model in the Vertex AI Model Garden for this project and region, and grant the Vertex AI User role',
  },
};

/**
 * How each cloud says "slow down": Bedrock's `ThrottlingException` (in `x-amzn-errortype`,
 * 429, sometimes inside a stream) and Vertex AI's `RESOURCE_EXHAUSTED` (quota, 429). Either
 * is a rate limit, retried after the limiter's wait, whatever status carried it.
 */
const THROTTLED =
  /ThrottlingException|TooManyRequestsException|RESOURCE_EXHAUSTED|rate_limit_error/i;
/** Bedrock's and Google's names for a credential the cloud does not accept. */
const BAD_CREDENTIALS =
  /UnrecognizedClientException|InvalidSignatureException|ExpiredToken|IncompleteSignature|MissingAuthenticationToken|UNAUTHENTICATED/;

export interface CloudErrorContext {
  readonly cloud: CloudName;
  readonly errors: typeof SdkErrors;
  /** Whether the attempt was streaming: a stream that breaks after it started is retried. */
  readonly streaming: boolean;
  /** Credential values to cut out of any message, should the cloud or a library echo one. */
  readonly secrets: readonly string[];
}

/**
 * Translates a cloud SDK's error into ours, like fromAnthropicError: status and headers for
 * the resilient client, the cloud's own message, and a hint in the cloud's terms. Credentials
 * the cloud refuses or that cannot be found are `provider.no_credentials` (exit 2, never
 * retried); no secret is ever part of a message.
 */
export function fromCloudError(error: unknown, context: CloudErrorContext): unknown {
  const { APIConnectionError, APIError: ApiErrorClass, APIUserAbortError } = context.errors;
  const words = WORDS[context.cloud];
  const clean = (text: string): string => scrub(text, context.secrets);
  if (error instanceof APIUserAbortError) return error;
  const isApiError = error instanceof ApiErrorClass;
  // A stream cut short after it started: SDK 1.17 wraps undici's 'terminated' in a connection
  // error, but the endpoint was reached; the attempt failed and is worth another.
  if (context.streaming && error instanceof APIConnectionError && terminated(error))
    return new ProviderError('provider.stream_failed', 'the response stream broke: terminated', {
      cause: error,
      retryable: true,
    });
  if (error instanceof APIConnectionError) {
    // The SDKs wrap a failed credential lookup (AWS chain, Google ADC) as a connection error.
    if (/credentials/i.test(error.message))
      return new ProviderError(
        'provider.no_credentials',
        `${words.service}: ${clean(error.message)} ${clean(causeMessage(error))}`.trim(),
        { exitCode: 2, hint: words.credentialsHint },
      );
    return new ProviderError(
      'provider.connection',
      `could not reach ${words.service}: ${clean(error.message)}`,
      { cause: error, retryable: true, hint: `check the network, or ${words.endpointSetting}` },
    );
  }
  if (context.streaming && !isApiError && error instanceof Error && error.name !== 'AbortError') {
    if (THROTTLED.test(error.message))
      return new ProviderError('provider.rate_limited', `${words.service} throttled the stream`, {
        status: 429,
        cause: error,
      });
    return new ProviderError(
      'provider.stream_failed',
      `the response stream broke: ${clean(error.message)}`,
      { cause: error, retryable: true },
    );
  }
  if (!isApiError) return error;
  const apiError = error as APIError; // instanceof the cloud SDK's APIError, checked above
  const headers = headerRecord(apiError.headers);
  const message = clean(messageOf(apiError));
  // Bedrock names the error in a header, or (in a stream) as the event's type; Google in its body.
  const kind = `${headers?.['x-amzn-errortype'] ?? ''} ${statusWord(apiError.error)} ${eventType(apiError.error)}`;
  // An error event inside a stream carries no status: it is the event's type that says what
  // happened (overload, or a failure worth another attempt), never the caller's mistake.
  const status = apiError.status ?? (context.streaming ? streamStatus(kind) : undefined);
  if (THROTTLED.test(kind))
    return new ProviderError(
      'provider.rate_limited',
      `${words.service} throttled the request (${status ?? 'no status'}): ${message}`,
      {
        status: 429,
        ...(headers === undefined ? {} : { headers }),
        cause: error,
      },
    );
  if (status === 401 || (status === 403 && BAD_CREDENTIALS.test(kind)))
    return new ProviderError(
      'provider.no_credentials',
      `${words.service} refused the credentials (${status}): ${message}`,
      { status, exitCode: 2, hint: words.credentialsHint },
    );
  if (status === 403)
    return new ProviderError(
      'provider.forbidden',
      `${words.service} refused access (${status}): ${message}`,
      { status, exitCode: 2, hint: words.accessHint },
    );
  return errorForStatus(status, {
    service: words.service,
    message,
    keyVariable: 'the credentials',
    headers,
    cause: error,
  });
}

/** The cloud's explanation: the Anthropic shape, Bedrock's `{message}`, Google's `{error}`. */
function messageOf(error: APIError): string {
  if (error.apiMessage !== null && error.apiMessage !== '') return error.apiMessage;
  const body = error.error as { message?: unknown } | undefined;
  if (typeof body?.message === 'string') return body.message;
  return error.message;
}

/** Google's `error.status` (`RESOURCE_EXHAUSTED`, `UNAUTHENTICATED`), or ''. */
function statusWord(body: unknown): string {
  const inner = (body as { error?: { status?: unknown } } | undefined)?.error;
  return typeof inner?.status === 'string' ? inner.status : '';
}

/** The status an error event in a stream stands for: overloaded 529, anything else 500. */
function streamStatus(kind: string): number {
  return /overloaded|ServiceUnavailable/i.test(kind) ? 529 : 500;
}

/** The type of an error event in a stream, as the Bedrock SDK relays its exception frames. */
function eventType(body: unknown): string {
  const inner = (body as { error?: { type?: unknown } } | undefined)?.error;
  return typeof inner?.type === 'string' ? inner.type : '';
}

function terminated(error: Error): boolean {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.name === 'TypeError' && cause.message === 'terminated';
}

function causeMessage(error: Error): string {
  return error.cause instanceof Error ? `(${error.cause.message})` : '';
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets)
    if (secret.length >= 8) result = result.split(secret).join('<secret>');
  return result;
}
