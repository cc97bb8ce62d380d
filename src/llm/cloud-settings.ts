import type { CloudName } from '../models/index.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Config `provider.bedrock`, as the provider reads it (empty strings are "unset"). */
export interface BedrockConfig {
  readonly region: string;
  readonly profile: string;
  readonly baseUrl: string;
  readonly models: Readonly<Record<string, string>>;
}

/** Config `provider.vertex`, as the provider reads it (empty strings are "unset"). */
export interface VertexConfig {
  readonly region: string;
  readonly projectId: string;
  readonly baseUrl: string;
  readonly models: Readonly<Record<string, string>>;
}

/** A setting's value and where it came from: a config key, a variable, or the default. */
export interface Resolved {
  readonly value: string;
  readonly source: string;
}

/** The first of the config value and the variables that is set, else `fallback`. */
function firstOf(
  configKey: string,
  configured: string,
  env: Env,
  variables: readonly string[],
  fallback?: Resolved,
): Resolved | undefined {
  if (configured !== '') return { value: configured, source: configKey };
  for (const name of variables) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return { value, source: name };
  }
  return fallback;
}

/** Bedrock's region: config, AWS_REGION, AWS_DEFAULT_REGION, else us-east-1 (the SDK's). */
export function bedrockRegion(config: BedrockConfig, env: Env): Resolved {
  return firstOf(
    'provider.bedrock.region',
    config.region,
    env,
    ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    {
      value: 'us-east-1',
      source: 'default',
    },
  ) as Resolved; // a fallback is given
}

/** The AWS profile: config, else AWS_PROFILE; undefined leaves it to the credential chain. */
export function bedrockProfile(config: BedrockConfig, env: Env): Resolved | undefined {
  return firstOf('provider.bedrock.profile', config.profile, env, ['AWS_PROFILE']);
}

/** A base URL override: config, else the SDK's own variable; undefined is the cloud's. */
export function cloudBaseUrl(cloud: CloudName, configured: string, env: Env): Resolved | undefined {
  const variable = cloud === 'bedrock' ? 'ANTHROPIC_BEDROCK_BASE_URL' : 'ANTHROPIC_VERTEX_BASE_URL';
  return firstOf(`provider.${cloud}.baseUrl`, configured, env, [variable]);
}

/** Vertex AI's region: config, else CLOUD_ML_REGION; there is no default. */
export function vertexRegion(config: VertexConfig, env: Env): Resolved | undefined {
  return firstOf('provider.vertex.region', config.region, env, ['CLOUD_ML_REGION']);
}

/** The Google Cloud project: config, ANTHROPIC_VERTEX_PROJECT_ID, else GOOGLE_CLOUD_PROJECT. */
export function vertexProject(config: VertexConfig, env: Env): Resolved | undefined {
  return firstOf('provider.vertex.projectId', config.projectId, env, [
    'ANTHROPIC_VERTEX_PROJECT_ID',
    'GOOGLE_CLOUD_PROJECT',
  ]);
}
