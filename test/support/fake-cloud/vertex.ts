import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeAnthropicOptions } from '../fake-anthropic/index.js';
import { startFakeCloud, type CloudDialect, type CloudError, type FakeCloud } from './front.js';

export interface FakeVertexOptions {
  /** Bearer tokens accepted. @default any */
  readonly tokens?: readonly string[];
  /** Options of the fake Messages API behind the front. */
  readonly backend?: FakeAnthropicOptions;
  /**
   * Answers `POST /token` (a Google STS token exchange) with this access token, so that
   * application-default credentials of type `external_account` whose `token_url` points here
   * get a token without the network. @default no token endpoint
   */
  readonly stsAccessToken?: string;
}

/** Google's status words for the Anthropic API's statuses. */
const STATUSES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  529: 'UNAVAILABLE',
};

function googleError(status: number, message: string): CloudError {
  return {
    status,
    headers: {},
    body: { error: { code: status, message, status: STATUSES[status] ?? 'UNKNOWN' } },
  };
}

/**
 * Vertex AI's endpoint for Claude:
 * `POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{m}:rawPredict` and
 * `:streamRawPredict` (the Messages API's SSE as is), `Authorization: Bearer` required, errors in
 * Google's shape (`RESOURCE_EXHAUSTED` for a 429).
 */
export function vertexDialect(options: FakeVertexOptions = {}): CloudDialect {
  const allowed = options.tokens === undefined ? undefined : new Set(options.tokens);
  return {
    route(path) {
      const match =
        /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/.exec(
          path,
        );
      if (match === null) return undefined;
      return {
        model: decodeURIComponent(match[1] ?? ''),
        streaming: match[2] === 'streamRawPredict',
      };
    },
    checkAuth(request) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined || (allowed !== undefined && !allowed.has(token)))
        return googleError(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        );
      return undefined;
    },
    error(status, _type, message) {
      return googleError(status, message);
    },
    stream(upstream: IncomingMessage, response: ServerResponse) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      upstream.pipe(response);
    },
  };
}

/** Starts a loopback fake of Vertex AI's Claude endpoint (and, if asked, a token exchange). */
export function startFakeVertex(options: FakeVertexOptions = {}): Promise<FakeCloud> {
  const sts = options.stsAccessToken;
  return startFakeCloud(vertexDialect(options), options.backend, (request, response, path) => {
    if (sts === undefined || path !== '/token' || request.method !== 'POST') return false;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        access_token: sts,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3600,
      }),
    );
    return true;
  });
}
