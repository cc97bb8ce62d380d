import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorInput } from '../../test/support/doctor-input.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { loadConfig } from '../config/index.js';
import { checkCloud } from './check-cloud.js';

const SECRET = 'test-secret-key-do-not-print-0123456789';
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

async function check(env: NodeJS.ProcessEnv, files: Record<string, string> = {}) {
  const { dir: home, cleanup } = makeTempDir();
  cleanups.push(cleanup);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(home, name, '..'), { recursive: true });
    writeFileSync(join(home, name), text);
  }
  const full = { HOME: home, CLAUDE_HYBRID_HOME: join(home, '.claude-hybrid'), ...env };
  const loaded = await loadConfig({ cwd: home, env: full });
  return checkCloud(doctorInput(home, full), loaded);
}

describe('checkCloud', () => {
  it('skips when neither cloud is chosen', async () => {
    expect((await check({})).status).toBe('skip');
  });

  it('reports Bedrock, its region and where the keys are, never their values', async () => {
    const result = await check({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIATESTCLOUDKEY0001',
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(result).toMatchObject({ status: 'ok' });
    expect(result.detail).toMatch(
      /^Amazon Bedrock, region eu-west-1 \(AWS_REGION\); credentials: access keys/,
    );
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain('AKIATESTCLOUDKEY0001');
  });

  it('finds an AWS profile in ~/.aws, and warns when there is none', async () => {
    const withProfile = await check(
      { CLAUDE_HYBRID_ENGINE_PROVIDER: 'bedrock', AWS_PROFILE: 'team' },
      { '.aws/config': '[profile team]\nregion = us-east-1\n' },
    );
    expect(withProfile.status).toBe('ok');
    expect(withProfile.detail).toMatch(
      /region us-east-1 \(default\); credentials: profile team \(AWS_PROFILE\)/,
    );
    const none = await check({ CLAUDE_HYBRID_ENGINE_PROVIDER: 'bedrock' });
    expect(none).toMatchObject({
      status: 'warn',
      fix: expect.stringMatching(/aws sso login/) as string,
    });
  });

  it('reports Vertex AI with its region, project and ADC file, and fails without a region', async () => {
    const adc = await check(
      {
        CLAUDE_CODE_USE_VERTEX: '1',
        CLOUD_ML_REGION: 'us-east5',
        ANTHROPIC_VERTEX_PROJECT_ID: 'p1',
      },
      { '.config/gcloud/application_default_credentials.json': '{}' },
    );
    expect(adc.status).toBe('ok');
    expect(adc.detail).toMatch(
      /^Vertex AI, region us-east5 \(CLOUD_ML_REGION\), project p1 \(ANTHROPIC_VERTEX_PROJECT_ID\); credentials: .*application_default_credentials\.json/,
    );
    const noRegion = await check({
      CLAUDE_CODE_USE_VERTEX: '1',
      ANTHROPIC_VERTEX_PROJECT_ID: 'p1',
    });
    expect(noRegion).toMatchObject({ status: 'fail', detail: 'Vertex AI needs a region' });
    const noCredentials = await check({
      CLAUDE_CODE_USE_VERTEX: '1',
      CLOUD_ML_REGION: 'global',
      ANTHROPIC_VERTEX_PROJECT_ID: 'p1',
    });
    expect(noCredentials.status).toBe('warn');
  });
});
