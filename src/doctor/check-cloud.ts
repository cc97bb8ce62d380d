import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config, LoadedConfig } from '../config/index.js';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import {
  bedrockProfile,
  bedrockRegion,
  cloudBaseUrl,
  vertexProject,
  vertexRegion,
} from '../llm/cloud-settings.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const TITLE = 'Cloud provider (Bedrock, Vertex AI)';
type Env = NodeJS.ProcessEnv;

/** The cloud runs go to: config `engine.provider`, else Claude Code's switch variables. */
export function chosenCloud(config: Config, env: Env): 'bedrock' | 'vertex' | undefined {
  const configured = config.engine.provider;
  if (configured === 'bedrock' || configured === 'vertex') return configured;
  if (configured !== 'auto') return undefined;
  if (on(env.CLAUDE_CODE_USE_BEDROCK)) return 'bedrock';
  if (on(env.CLAUDE_CODE_USE_VERTEX)) return 'vertex';
  return undefined;
}

function on(value: string | undefined): boolean {
  const word = value?.trim().toLowerCase();
  return word === '1' || word === 'true';
}

function set(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/**
 * Which cloud runs go to, its region, and whether credentials were found where that cloud's
 * SDK looks for them. Offline: it reads variables and checks that files exist, loads no cloud
 * SDK and prints no credential.
 */
export function checkCloud(input: DoctorInput, loaded: LoadedConfig | undefined): DoctorCheck {
  const config = loaded?.config ?? DEFAULT_CONFIG;
  const cloud = chosenCloud(config, input.env);
  if (cloud === undefined)
    return checkResult(
      'cloud',
      TITLE,
      'skip',
      'not chosen (engine.provider bedrock or vertex, or CLAUDE_CODE_USE_BEDROCK=1 / CLAUDE_CODE_USE_VERTEX=1)',
    );
  return cloud === 'bedrock' ? checkBedrock(config, input.env) : checkVertex(config, input.env);
}

function endpoint(cloud: 'bedrock' | 'vertex', configured: string, env: Env): string {
  const base = cloudBaseUrl(cloud, configured, env);
  return base === undefined ? '' : `, endpoint ${base.value} (${base.source})`;
}

function checkBedrock(config: Config, env: Env): DoctorCheck {
  const settings = config.provider.bedrock;
  const region = bedrockRegion(settings, env);
  const where = `Amazon Bedrock, region ${region.value} (${region.source})${endpoint('bedrock', settings.baseUrl, env)}`;
  const found = awsCredentials(settings, env);
  if (found !== undefined)
    return checkResult('cloud', TITLE, 'ok', `${where}; credentials: ${found}`);
  return checkResult(
    'cloud',
    TITLE,
    'warn',
    `${where}; no AWS credentials found in the environment or ~/.aws (an instance or task role may still provide them)`,
    'aws sso login (or aws configure), then export AWS_PROFILE=<profile>; or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  );
}

/** Where the AWS credential chain would find credentials, named, never their values. */
function awsCredentials(settings: Config['provider']['bedrock'], env: Env): string | undefined {
  if (set(env.AWS_BEARER_TOKEN_BEDROCK)) return 'a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)';
  if (set(env.AWS_ACCESS_KEY_ID) && set(env.AWS_SECRET_ACCESS_KEY))
    return 'access keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)';
  if (set(env.AWS_WEB_IDENTITY_TOKEN_FILE)) return 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)';
  if (
    set(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) ||
    set(env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
  )
    return 'the container role (AWS_CONTAINER_CREDENTIALS_*)';
  const home = set(env.HOME) ? (env.HOME as string) : homedir(); // set() checked it
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ].filter((file) => existsSync(file));
  if (files.length === 0) return undefined;
  const profile = bedrockProfile(settings, env);
  return `profile ${profile?.value ?? 'default'}${profile === undefined ? '' : ` (${profile.source})`} in ${files.join(' and ')}`;
}

function checkVertex(config: Config, env: Env): DoctorCheck {
  const settings = config.provider.vertex;
  const region = vertexRegion(settings, env);
  const project = vertexProject(settings, env);
  if (region === undefined || project === undefined)
    return checkResult(
      'cloud',
      TITLE,
      'fail',
      `Vertex AI needs ${region === undefined ? 'a region' : ''}${region === undefined && project === undefined ? ' and ' : ''}${project === undefined ? 'a project' : ''}`,
      'export CLOUD_ML_REGION=global and ANTHROPIC_VERTEX_PROJECT_ID=<project>, or set provider.vertex.region and provider.vertex.projectId',
    );
  const where = `Vertex AI, region ${region.value} (${region.source}), project ${project.value} (${project.source})${endpoint('vertex', settings.baseUrl, env)}`;
  const found = googleCredentials(env);
  if (found !== undefined)
    return checkResult('cloud', TITLE, 'ok', `${where}; credentials: ${found}`);
  return checkResult(
    'cloud',
    TITLE,
    'warn',
    `${where}; no application-default credentials found (on Google Cloud the metadata server may still provide them)`,
    'gcloud auth application-default login, or export GOOGLE_APPLICATION_CREDENTIALS=<key file>',
  );
}

/** Where Google's application-default credentials would come from, named. */
function googleCredentials(env: Env): string | undefined {
  const file = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (set(file) && existsSync(file as string)) return `${file} (GOOGLE_APPLICATION_CREDENTIALS)`; // set() checked it
  const home = set(env.HOME) ? (env.HOME as string) : homedir(); // set() checked it
  const dir = set(env.CLOUDSDK_CONFIG)
    ? (env.CLOUDSDK_CONFIG as string)
    : join(home, '.config', 'gcloud');
  const adc = join(dir, 'application_default_credentials.json');
  return existsSync(adc) ? `${adc} (gcloud auth application-default login)` : undefined;
}
