import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt, tempProject } from './support/cli.js';
import { startFakeBedrock, startFakeVertex } from './support/fake-cloud.js';
import type { FakeCloud } from './support/fake-cloud.js';

const ACCESS_KEY = 'AKIATESTCLOUDKEY0001';
const SECRET_KEY = 'test-secret-key-do-not-print-0123456789';
const STS_TOKEN = 'ya29.test-vertex-token-do-not-print-0123456789';
const SUBJECT_TOKEN = 'test-subject-token-do-not-print-0123456789';

/** Every file under `dir` (the temp home: config, store, events, logs). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe('bedrock and vertex through the CLI', () => {
  let project: ReturnType<typeof tempProject>;
  const fakes: FakeCloud[] = [];
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => fake.close()));
    project.cleanup();
  });
  const cli = (argv: readonly string[], extra: NodeJS.ProcessEnv) =>
    runBuilt(argv, { cwd: project.dir, env: { ...project.env, ...extra } });

  it('runs on Bedrock when CLAUDE_CODE_USE_BEDROCK=1, with the AWS keys and base URL variables', async () => {
    const fake = await startFakeBedrock({ accessKeys: [ACCESS_KEY] });
    fakes.push(fake);
    const env = {
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      ANTHROPIC_BEDROCK_BASE_URL: fake.baseUrl,
    };
    expect((await cli(['init'], env)).code).toBe(0);
    const result = await cli(['run', 'fix the typo in the README', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({ provider: 'bedrock', attempts: 1 });
    expect(output.costUsd).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.model).toMatch(/^global\.anthropic\.claude-/);
  });

  it('refuses a wrong AWS key with exit 2 and a clear message, printing and storing no secret', async () => {
    const fake = await startFakeBedrock({ accessKeys: ['AKIASOMEONEELSE00000'] });
    fakes.push(fake);
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      ANTHROPIC_BEDROCK_BASE_URL: fake.baseUrl,
    };
    expect((await cli(['init'], env)).code).toBe(0);
    const result = await cli(['run', 'fix the typo', '--provider', 'bedrock'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Amazon Bedrock refused the credentials \(403\)/);
    expect(result.stderr).toMatch(/AWS_PROFILE/);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(fake.requests).toHaveLength(1); // not retried
    const home = join(project.dir, '..');
    for (const text of [
      result.stdout,
      result.stderr,
      ...filesUnder(home).map((path) => readFileSync(path, 'latin1')),
    ])
      expect(text).not.toContain(SECRET_KEY);
  });

  it('runs on Vertex AI with application-default credentials, printing no token', async () => {
    const fake = await startFakeVertex({ tokens: [STS_TOKEN], stsAccessToken: STS_TOKEN });
    fakes.push(fake);
    // ADC of type external_account: the subject token from a file, exchanged at the fake's /token.
    const subject = join(project.dir, '..', 'subject-token');
    writeFileSync(subject, SUBJECT_TOKEN);
    const credentials = join(project.dir, '..', 'adc.json');
    writeFileSync(
      credentials,
      JSON.stringify({
        type: 'external_account',
        audience:
          '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `${fake.baseUrl}/token`,
        credential_source: { file: subject },
      }),
    );
    const env = {
      CLAUDE_CODE_USE_VERTEX: '1',
      CLOUD_ML_REGION: 'global',
      ANTHROPIC_VERTEX_PROJECT_ID: 'test-project',
      ANTHROPIC_VERTEX_BASE_URL: `${fake.baseUrl}/v1`,
      GOOGLE_APPLICATION_CREDENTIALS: credentials,
    };
    expect((await cli(['init'], env)).code).toBe(0);
    const result = await cli(['run', 'fix the typo in the README', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'vertex', attempts: 1 });
    expect(fake.requests.filter((sent) => sent.path.endsWith(':rawPredict'))).toHaveLength(1);
    for (const text of [result.stdout, result.stderr])
      for (const secret of [STS_TOKEN, SUBJECT_TOKEN]) expect(text).not.toContain(secret);
  });

  it('says what is missing when Vertex AI has no region, exit 2', async () => {
    const env = { ANTHROPIC_VERTEX_PROJECT_ID: 'test-project' };
    expect((await cli(['init'], env)).code).toBe(0);
    const result = await cli(['run', 'fix the typo', '--provider', 'vertex'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a region/);
    expect(result.stderr).toMatch(/CLOUD_ML_REGION/);
  });

  it('names the install command when the cloud SDK is not installed, exit 2', async () => {
    // A preload that hides the package, as an install without it would.
    const hook = join(project.dir, '..', 'hide-bedrock.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@anthropic-ai/bedrock-sdk')) {
    const error = new Error("Cannot find module '" + request + "'");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
`,
    );
    const env = { NODE_OPTIONS: `--require ${hook}`, AWS_REGION: 'us-west-2' };
    expect((await cli(['init'], env)).code).toBe(0);
    const result = await cli(['run', 'fix the typo', '--provider', 'bedrock'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /The bedrock provider needs the @anthropic-ai\/bedrock-sdk package/,
    );
    expect(result.stderr).toMatch(/npm install @anthropic-ai\/bedrock-sdk/);
  });

  it('never loads a cloud SDK for --version or route', async () => {
    // A preload that reports every module resolved from the cloud SDKs or their AWS and Google trees.
    const hook = join(project.dir, '..', 'watch-requires.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/bedrock-sdk|vertex-sdk|@aws-sdk|google-auth-library/.test(request)) process.stderr.write('LOADED ' + request + '\\n');
  return resolve.call(this, request, ...rest);
};
`,
    );
    const env = { NODE_OPTIONS: `--require ${hook}`, CLAUDE_CODE_USE_BEDROCK: '1' };
    expect((await cli(['init'], env)).code).toBe(0);
    for (const argv of [['--version'], ['route', 'fix the typo in the README']]) {
      const result = await cli(argv, env);
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).not.toContain('LOADED');
    }
    // The SDKs are left out of every bundle: the engine names them only to require them.
    expect(readFileSync(BUILT_CLI.replace('cli.cjs', 'engine.cjs'), 'utf8')).not.toMatch(
      /class AnthropicBedrock|class AnthropicVertex/,
    );
  });
});
