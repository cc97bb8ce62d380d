/**
 * Loopback fakes of the clouds that serve Claude, for the bedrock and vertex providers' tests:
 * real HTTP on 127.0.0.1, so the official cloud SDKs run unmodified against them through their
 * base URL. Each is a front in the cloud's wire format (paths, auth header, error shapes,
 * stream framing) over a fake Messages API (`./fake-anthropic`) that does the work, so replies,
 * usage, prompt caching, rate limits and injected faults are the ones the Anthropic fake has.
 * Credentials are checked for presence (and, if asked, against a list) but never recorded.
 *
 * The implementation lives in `./fake-cloud/`, one file per cloud.
 */
export { startFakeBedrock } from './fake-cloud/bedrock.js';
export type { FakeBedrockOptions } from './fake-cloud/bedrock.js';
export { startFakeVertex } from './fake-cloud/vertex.js';
export type { FakeVertexOptions } from './fake-cloud/vertex.js';
export type { CloudRequest, FakeCloud } from './fake-cloud/front.js';
