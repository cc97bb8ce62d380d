import { describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { otlpTarget, parseHeaders } from './otlp-endpoint.js';

function refusal(action: () => unknown): HybridError {
  try {
    action();
  } catch (error) {
    if (error instanceof HybridError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('otlpTarget', () => {
  it('is off when nothing names an endpoint', () => {
    expect(otlpTarget('', {})).toBeUndefined();
    expect(otlpTarget('', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('gives a bare configured address the traces path and keeps a configured path', () => {
    expect(otlpTarget('http://127.0.0.1:4318', {})?.url).toBe('http://127.0.0.1:4318/v1/traces');
    expect(otlpTarget('https://collector.example/otlp/v1/traces', {})?.url).toBe(
      'https://collector.example/otlp/v1/traces',
    );
  });

  it('takes the traces variable as is and appends /v1/traces to the base variable', () => {
    expect(
      otlpTarget('', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/custom',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:8',
      })?.url,
    ).toBe('http://127.0.0.1:9/custom');
    expect(otlpTarget('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:8/base/' })?.url).toBe(
      'http://127.0.0.1:8/base/v1/traces',
    );
  });

  it('puts config before the variables, and OTEL_SDK_DISABLED turns everything off', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' };
    expect(otlpTarget('http://127.0.0.1:7', env)?.url).toBe('http://127.0.0.1:7/v1/traces');
    expect(otlpTarget('http://127.0.0.1:7', { OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('refuses a malformed URL as a user error naming where it came from', () => {
    const error = refusal(() => otlpTarget('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }));
    expect(error.code).toBe('telemetry.bad_endpoint');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL');
    expect(refusal(() => otlpTarget('ftp://x', {})).message).toContain('telemetry.otlpEndpoint');
  });

  it('reads the headers variable and sends them with the target', () => {
    const target = otlpTarget('http://127.0.0.1:1', {
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret, X-Team = core',
    });
    expect(target?.headers).toEqual({ 'api-key': 's=cret', 'x-team': 'core' });
  });
});

describe('parseHeaders', () => {
  it('refuses a malformed entry by position, never echoing the secret', () => {
    const error = refusal(() => parseHeaders('good=1,secret-token-without-equals'));
    expect(error.code).toBe('telemetry.bad_endpoint');
    expect(error.message).toBe('OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value');
    expect(error.message).not.toContain('secret');
  });

  it('skips empty entries', () => {
    expect(parseHeaders(',a=b,')).toEqual({ a: 'b' });
  });
});
