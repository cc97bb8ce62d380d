import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FakeAnthropicOptions } from '../fake-anthropic/index.js';
import {
  onSseData,
  parseObject,
  startFakeCloud,
  type CloudDialect,
  type CloudError,
  type FakeCloud,
} from './front.js';

export interface FakeBedrockOptions {
  /** AWS access key ids whose signatures are "accepted". @default any */
  readonly accessKeys?: readonly string[];
  /**
   * The exception frame an `error` event of the backend's stream becomes (a `stream-error`
   * fault), as Bedrock ends a stream it cannot finish. @default 'serviceUnavailableException'
   */
  readonly streamException?: string;
  /** Options of the fake Messages API behind the front. */
  readonly backend?: FakeAnthropicOptions;
}

/** What the Bedrock SDK's event-stream decoder needs: smithy's codec, from the SDK's own tree. */
interface EventStreamCodec {
  encode(message: {
    headers: Record<string, { type: 'string'; value: string }>;
    body: Uint8Array;
  }): Uint8Array;
}

function codec(): EventStreamCodec {
  const fromSdk = createRequire(
    createRequire(import.meta.url).resolve('@anthropic-ai/bedrock-sdk'),
  );
  const { EventStreamCodec: Codec } = fromSdk('@smithy/eventstream-codec') as {
    EventStreamCodec: new (
      toUtf8: (bytes: Uint8Array) => string,
      fromUtf8: (text: string) => Uint8Array,
    ) => EventStreamCodec;
  }; // the part of the package's declared module used here
  return new Codec(
    (bytes) => Buffer.from(bytes).toString('utf8'),
    (text) => Buffer.from(text, 'utf8'),
  );
}

/** Bedrock's exception names for the Anthropic API's statuses. */
const EXCEPTIONS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
  529: 'ServiceUnavailableException',
};

function bedrockError(status: number, exception: string, message: string): CloudError {
  return {
    status,
    headers: {
      'x-amzn-errortype': `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': 'fake-request',
    },
    body: { message },
  };
}

/**
 * Amazon Bedrock's runtime: `POST /model/{id}/invoke` and `/invoke-with-response-stream`
 * (AWS event-stream frames whose `chunk` carries each SSE event's JSON in base64), SigV4
 * `Authorization` required (its signature is not verified; the access key id may be checked),
 * errors as `{message}` with `x-amzn-errortype` (`ThrottlingException` for a 429).
 */
export function bedrockDialect(options: FakeBedrockOptions = {}): CloudDialect {
  const allowed = options.accessKeys === undefined ? undefined : new Set(options.accessKeys);
  let encoder: EventStreamCodec | undefined;
  return {
    route(path) {
      const match = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/.exec(path);
      if (match === null) return undefined;
      return {
        model: decodeURIComponent(match[1] ?? ''),
        streaming: match[2] === 'invoke-with-response-stream',
      };
    },
    checkAuth(request) {
      const header = request.headers.authorization ?? '';
      const key = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(header)?.[1];
      if (key === undefined || request.headers['x-amz-date'] === undefined)
        return bedrockError(
          403,
          'MissingAuthenticationTokenException',
          'Missing Authentication Token',
        );
      if (allowed !== undefined && !allowed.has(key))
        return bedrockError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      return undefined;
    },
    error(status, _type, message) {
      const wire = status === 529 ? 503 : status;
      return bedrockError(wire, EXCEPTIONS[status] ?? 'InternalServerException', message);
    },
    stream(upstream: IncomingMessage, response: ServerResponse) {
      encoder ??= codec();
      const frames = encoder;
      response.writeHead(200, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-bedrock-content-type': 'application/json',
      });
      onSseData(
        upstream,
        (data) => {
          if (data.includes('"type":"error"')) {
            const message = (parseObject(data)?.error as { message?: string } | undefined)?.message;
            response.write(
              frames.encode({
                headers: {
                  ':exception-type': {
                    type: 'string',
                    value: options.streamException ?? 'serviceUnavailableException',
                  },
                  ':content-type': { type: 'string', value: 'application/json' },
                  ':message-type': { type: 'string', value: 'exception' },
                },
                body: Buffer.from(JSON.stringify({ message: message ?? 'error' }), 'utf8'),
              }),
            );
            return;
          }
          const payload = JSON.stringify({ bytes: Buffer.from(data, 'utf8').toString('base64') });
          response.write(
            frames.encode({
              headers: {
                ':event-type': { type: 'string', value: 'chunk' },
                ':content-type': { type: 'string', value: 'application/json' },
                ':message-type': { type: 'string', value: 'event' },
              },
              body: Buffer.from(payload, 'utf8'),
            }),
          );
        },
        () => response.end(),
      );
    },
  };
}

/** Starts a loopback fake of Amazon Bedrock's runtime endpoint. */
export function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeCloud> {
  return startFakeCloud(bedrockDialect(options), options.backend);
}
