import { HybridError } from '../errors.js';

/** Where traces go, resolved from config and the standard OpenTelemetry variables. */
export interface OtlpTarget {
  /** The full URL spans are POSTed to, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly url: string;
  /**
   * Extra request headers (`OTEL_EXPORTER_OTLP_HEADERS`). They usually hold an API key: never
   * log them.
   */
  readonly headers: Readonly<Record<string, string>>;
}

const TRACES_PATH = '/v1/traces';

/**
 * The OTLP/HTTP traces endpoint, or undefined when none is configured (then nothing about
 * tracing is loaded). In order: config `telemetry.otlpEndpoint` (a URL with no path gets
 * `/v1/traces`), `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is, per the OpenTelemetry spec),
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (a base: `/v1/traces` is appended). `OTEL_SDK_DISABLED=true`
 * turns export off. A malformed URL or header list is a user error (`telemetry.bad_endpoint`,
 * exit 2) naming where it came from, never what the headers hold.
 */
export function otlpTarget(
  configured: string,
  env: Readonly<Record<string, string | undefined>>,
): OtlpTarget | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  let url: string | undefined;
  if (configured !== '') url = withTracesPath(parseUrl(configured, 'telemetry.otlpEndpoint'));
  else if (nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT))
    url = parseUrl(
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    ).href;
  else if (nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)) {
    const base = parseUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    base.pathname = `${base.pathname.replace(/\/+$/, '')}${TRACES_PATH}`;
    url = base.href;
  }
  if (url === undefined) return undefined;
  return { url, headers: parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS ?? '') };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function parseUrl(text: string, source: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new HybridError('telemetry.bad_endpoint', `${source} is not an http(s) URL`, {
      exitCode: 2,
      hint: "set it to the collector's OTLP/HTTP address, e.g. http://127.0.0.1:4318",
    });
  return url;
}

/** A bare collector address gets the traces path; a URL with a path is used as it is. */
function withTracesPath(url: URL): string {
  if (url.pathname === '/' || url.pathname === '') url.pathname = TRACES_PATH;
  return url.href;
}

/**
 * `key=value,key2=value2`, values percent-decoded (the spec's W3C baggage-like format). A pair
 * without `=` or with an empty key is refused, naming its position only: the text is a secret.
 */
export function parseHeaders(text: string): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (text.trim() === '') return headers;
  text.split(',').forEach((pair, index) => {
    if (pair.trim() === '') return;
    const equals = pair.indexOf('=');
    const key = equals === -1 ? '' : pair.slice(0, equals).trim();
    let value: string | undefined;
    try {
      value = equals === -1 ? undefined : decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      value = undefined;
    }
    if (key === '' || value === undefined || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key))
      throw new HybridError(
        'telemetry.bad_endpoint',
        `OTEL_EXPORTER_OTLP_HEADERS: entry ${index + 1} is not key=value`,
        { exitCode: 2, hint: 'write it as key=value,key2=value2 (values percent-encoded)' },
      );
    headers[key.toLowerCase()] = value;
  });
  return headers;
}
