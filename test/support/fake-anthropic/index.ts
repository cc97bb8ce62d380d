export { startFakeAnthropic } from './server.js';
export type { FakeAnthropic, FakeAnthropicOptions } from './server.js';
export type { FakeAnthropicStats } from './stats.js';
export type { CredentialKind, RecordedRequest } from './recorded-request.js';
export type { FaultKind, FaultOptions } from './faults.js';
export type { RateLimitOptions } from './rate-limiter.js';
export { echoReply } from './replies.js';
export type {
  ReplyFunction,
  ScriptEntry,
  ScriptedBlock,
  ScriptedReply,
  ScriptedUsage,
} from './replies.js';
export type { MessageRequestBody, RequestMessage } from './request-body.js';
export { estimateInputTokens, tokensForCharacters } from './token-estimator.js';
export type { InputTokenEstimate } from './token-estimator.js';
