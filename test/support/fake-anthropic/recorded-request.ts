import type { IncomingMessage } from 'node:http';
import type { FaultKind } from './faults.js';
import { isRecord } from './token-estimator.js';

/** How the request presented its API key; the key itself is never recorded. */
export type CredentialKind = 'x-api-key' | 'bearer' | 'none';

/** A request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  /** The path without the query string, e.g. `/v1/messages`. */
  readonly path: string;
  /** Lower-cased header names; `x-api-key` and `authorization` are left out. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether a non-empty key came in `x-api-key` or `authorization: Bearer`. */
  readonly apiKeyPresent: boolean;
  readonly credential: CredentialKind;
  /** The JSON body when it parsed as an object, else undefined. */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  /** The status sent, undefined while pending or when the connection dropped first. */
  status: number | undefined;
  /** The fault injected into this request, if any. */
  fault: FaultKind | undefined;
  /** When its body had arrived, epoch milliseconds (fractional): rate checks read this. */
  readonly receivedAt: number;
}

const SECRET_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'authorization']);

/** The credential and the key to check, which stays out of the record. */
export function credentialOf(request: IncomingMessage): {
  kind: CredentialKind;
  key: string | undefined;
} {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return { kind: 'x-api-key', key: apiKey };
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return { kind: 'bearer', key: bearer };
  return { kind: 'none', key: undefined };
}

export function recordRequest(
  request: IncomingMessage,
  path: string,
  parsed: unknown,
  credential: CredentialKind,
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined && !SECRET_HEADERS.has(name))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: request.method ?? 'GET',
    path,
    headers,
    apiKeyPresent: credential !== 'none',
    credential,
    body: isRecord(parsed) ? parsed : undefined,
    status: undefined,
    fault: undefined,
    receivedAt: performance.timeOrigin + performance.now(),
  };
}
