import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../../test/support/fake-anthropic.js';
import type { FakeAnthropic } from '../../test/support/fake-anthropic.js';
import { freePort } from '../../test/support/free-port.js';
import { doctorInput } from '../../test/support/doctor-input.js';
import { checkApiKey, checkProvider } from './check-provider.js';

const KEY = 'sk-ant-doctor-test-KEY-4f9c2e7a';

describe('checkApiKey', () => {
  it('a key is reported as set, never shown', () => {
    const check = checkApiKey(doctorInput('/', { ANTHROPIC_API_KEY: KEY }), undefined);
    expect(check.status).toBe('ok');
    expect(JSON.stringify(check)).not.toContain(KEY.slice(0, 10));
  });

  it('no key warns, and fails with requireKey', () => {
    expect(checkApiKey(doctorInput('/', {}), undefined)).toMatchObject({ status: 'warn' });
    const required = checkApiKey(doctorInput('/', {}, { requireKey: true }), undefined);
    expect(required.status).toBe('fail');
    expect(required.fix).toContain('export ANTHROPIC_API_KEY=');
  });
});

describe('checkProvider', () => {
  let fake: FakeAnthropic;
  beforeEach(async () => {
    fake = await startFakeAnthropic({ allowedApiKeys: [KEY] });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('is skipped offline and without a key', async () => {
    expect((await checkProvider(doctorInput('/', { ANTHROPIC_API_KEY: KEY }))).status).toBe('skip');
    expect((await checkProvider(doctorInput('/', {}, { online: true }))).status).toBe('skip');
  });

  it('online, one count-tokens request reaches the API', async () => {
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.baseUrl };
    const check = await checkProvider(doctorInput('/', env, { online: true }));
    expect(check.status).toBe('ok');
    expect(check.detail).toContain(fake.baseUrl);
    expect(fake.stats.byPath).toEqual({ '/v1/messages/count_tokens': 1 });
    // The first test to load the engine pays for transforming it under vitest (seconds on a
    // busy machine); the doctor's own limit covers only the request.
  }, 30_000);

  it('a refused key fails with what to set, and the key is not in the report', async () => {
    const env = { ANTHROPIC_API_KEY: `${KEY}-wrong`, ANTHROPIC_BASE_URL: fake.baseUrl };
    const check = await checkProvider(doctorInput('/', env, { online: true }));
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('ANTHROPIC_API_KEY');
    expect(JSON.stringify(check)).not.toContain(KEY);
  });

  it('a closed port fails with a fix', async () => {
    const port = await freePort();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` };
    const check = await checkProvider(doctorInput('/', env, { online: true, timeoutMs: 3_000 }));
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(`127.0.0.1:${port}`);
    expect(check.fix).toContain('ANTHROPIC_BASE_URL');
  });
});
