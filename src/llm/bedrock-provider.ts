import type { ClientOptions } from '@anthropic-ai/bedrock-sdk';
import { bedrockRegional, cloudModelMap, costOf } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import { bedrockSdk, requireFromSdk } from './cloud-sdk.js';
import { fromCloudError } from './cloud-errors.js';
import { bedrockProfile, bedrockRegion, cloudBaseUrl } from './cloud-settings.js';
import type { BedrockConfig } from './cloud-settings.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import { callMessages } from './messages-call.js';
import type { Provider } from './types.js';

export interface BedrockProviderOptions {
  /** Config `provider.bedrock`: region, profile, base URL and per-tier model ids. */
  readonly config: BedrockConfig;
  /** The model table: its Bedrock ids and prices. */
  readonly table: ModelTable;
  /** Where AWS_* and ANTHROPIC_BEDROCK_BASE_URL are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Claude on Amazon Bedrock through `@anthropic-ai/bedrock-sdk` (an optional peer, loaded here
 * on first use). Requests are SigV4-signed with the AWS credential chain: AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY when set, else the profile (config, AWS_PROFILE), SSO, web identity or
 * the instance role; AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key) is sent instead when set.
 * The SDK's retries are off: the resilient client owns retries, as for every provider.
 */
export function bedrockProvider(options: BedrockProviderOptions): Provider {
  const env = options.env ?? process.env;
  const { config } = options;
  const region = bedrockRegion(config, env).value;
  const baseUrl = cloudBaseUrl('bedrock', config.baseUrl, env)?.value;
  const models = cloudModelMap({
    table: options.table,
    cloud: 'bedrock',
    overrides: config.models,
    regional: bedrockRegional,
  });
  const accessKey = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  const bearer = nonEmpty(env.AWS_BEARER_TOKEN_BEDROCK);
  const profile = bedrockProfile(config, env)?.value;
  const sdk = bedrockSdk();
  const common = {
    awsRegion: region,
    baseURL: baseUrl ?? `https://bedrock-runtime.${region}.amazonaws.com`,
    // null, not undefined: the SDK would read AWS_BEARER_TOKEN_BEDROCK from process.env itself.
    apiKey: bearer ?? null,
    maxRetries: 0,
    fetch: keepAliveFetch(),
    // Our per-attempt timeout aborts the request; the SDK's own limit only backs it up.
    timeout: 30 * 60_000,
  };
  const { AnthropicBedrock } = sdk.module;
  const client =
    accessKey !== undefined && secretKey !== undefined
      ? new AnthropicBedrock({
          ...common,
          awsAccessKey: accessKey,
          awsSecretKey: secretKey,
          awsSessionToken: sessionToken ?? null,
        })
      : new AnthropicBedrock({
          ...common,
          providerChainResolver: profile === undefined ? null : () => profileChain(profile),
        });
  const secrets = [secretKey, sessionToken, bearer].filter((value) => value !== undefined);
  return {
    name: 'bedrock',
    async complete(request, completeOptions = {}) {
      const target = models.get(request.model);
      try {
        const result = await callMessages(
          client,
          target === undefined ? request : { ...request, model: target.id },
          completeOptions,
        );
        if (target?.info === undefined) return result;
        // The cost at Bedrock's price for this id (global profiles at the table's price).
        return {
          ...result,
          value: { ...result.value, costUsd: costOf(result.value.usage, target.info) },
        };
      } catch (error) {
        throw fromCloudError(error, {
          cloud: 'bedrock',
          errors: sdk.errors,
          streaming: completeOptions.onText !== undefined,
          secrets,
        });
      }
    },
  };
}

/**
 * The AWS credential chain for a named profile: the SDK's default chain reads the profile
 * from process.env only, and ours may come from config. `@aws-sdk/credential-providers` is a
 * dependency of the Bedrock SDK, so it is required from there.
 */
async function profileChain(profile: string): ReturnType<ChainResolver> {
  const providers = requireFromSdk(
    '@anthropic-ai/bedrock-sdk',
    '@aws-sdk/credential-providers',
  ) as {
    fromNodeProviderChain(init: { profile: string }): Awaited<ReturnType<ChainResolver>>;
  }; // the part of the package's declared module used here
  return Promise.resolve(providers.fromNodeProviderChain({ profile }));
}

type ChainResolver = NonNullable<ClientOptions['providerChainResolver']>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
