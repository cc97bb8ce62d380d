/**
 * A loopback fake of the Anthropic Messages API for tests: real HTTP on 127.0.0.1, so the
 * official SDK runs unmodified against it through `baseURL`.
 *
 * - `POST /v1/messages`, non-streaming and SSE streaming, with scripted or echoed replies,
 *   estimated usage (4 characters a token) and simulated prompt caching.
 * - `POST /v1/messages/count_tokens` with the same estimator.
 * - Authentication, `anthropic-version` and body checks with the real error shapes.
 * - Rate-limit headers on every response; request and token limits that answer 429.
 * - Seeded, deterministic fault injection: 429, 529, 500, connection resets, slow and hanging
 *   responses, truncated and malformed streams.
 * - Stats for assertions: requests by path and status, peak concurrency, rejected requests.
 *
 * The implementation lives in `./fake-anthropic/`, one file per concern.
 */
export {
  echoReply,
  estimateInputTokens,
  startFakeAnthropic,
  tokensForCharacters,
} from './fake-anthropic/index.js';
export type {
  CredentialKind,
  FakeAnthropic,
  FakeAnthropicOptions,
  FakeAnthropicStats,
  FaultKind,
  FaultOptions,
  InputTokenEstimate,
  MessageRequestBody,
  RateLimitOptions,
  RecordedRequest,
  ReplyFunction,
  RequestMessage,
  ScriptEntry,
  ScriptedBlock,
  ScriptedReply,
  ScriptedUsage,
} from './fake-anthropic/index.js';
