import type { ClientOptions } from '@anthropic-ai/vertex-sdk';
import { ProviderError } from '../errors.js';
import { cloudModelMap, costOf, vertexRegional } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import { requireFromSdk, vertexSdk } from './cloud-sdk.js';
import { fromCloudError } from './cloud-errors.js';
import { cloudBaseUrl, vertexProject, vertexRegion } from './cloud-settings.js';
import type { VertexConfig } from './cloud-settings.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import { callMessages } from './messages-call.js';
import type { Provider } from './types.js';

export interface VertexProviderOptions {
  /** Config `provider.vertex`: region, project, base URL and per-tier model ids. */
  readonly config: VertexConfig;
  /** The model table: its Vertex AI ids and prices. */
  readonly table: ModelTable;
  /** Where CLOUD_ML_REGION, ANTHROPIC_VERTEX_* and GOOGLE_* are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A Google OAuth access token to send instead of application-default credentials (a library
   * caller that already holds one, and the tests). @default ADC
   */
  readonly accessToken?: string;
}

/** The part of google-auth-library's AuthClient the Vertex SDK calls. */
interface RequestAuth {
  readonly projectId?: string | null;
  getRequestHeaders(): Promise<Headers>;
}

/**
 * Claude on Google Vertex AI through `@anthropic-ai/vertex-sdk` (an optional peer, loaded here
 * on first use), authenticated with Google application-default credentials
 * (GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login`, or the metadata
 * server), looked up on the first call, not when the provider is made. The region
 * (CLOUD_ML_REGION) and project (ANTHROPIC_VERTEX_PROJECT_ID) are required up front.
 */
export function vertexProvider(options: VertexProviderOptions): Provider {
  const env = options.env ?? process.env;
  const { config } = options;
  const region = vertexRegion(config, env)?.value;
  if (region === undefined)
    throw new ProviderError('provider.cloud_config', 'the vertex provider needs a region', {
      exitCode: 2,
      hint: 'export CLOUD_ML_REGION=global (or us-east5, europe-west1, ...), or set provider.vertex.region',
    });
  const projectId = vertexProject(config, env)?.value;
  if (projectId === undefined)
    throw new ProviderError(
      'provider.cloud_config',
      'the vertex provider needs a Google Cloud project',
      {
        exitCode: 2,
        hint: 'export ANTHROPIC_VERTEX_PROJECT_ID=<your project id>, or set provider.vertex.projectId',
      },
    );
  const baseUrl = cloudBaseUrl('vertex', config.baseUrl, env)?.value;
  const models = cloudModelMap({
    table: options.table,
    cloud: 'vertex',
    overrides: config.models,
    regional: () => vertexRegional(region),
  });
  const sdk = vertexSdk();
  const auth =
    options.accessToken === undefined
      ? applicationDefault(projectId)
      : staticToken(options.accessToken);
  const client = new sdk.module.AnthropicVertex({
    region,
    projectId,
    ...(baseUrl === undefined ? {} : { baseURL: baseUrl }),
    authClient: auth as unknown as NonNullable<ClientOptions['authClient']>, // the two members the SDK calls, see RequestAuth
    maxRetries: 0,
    fetch: keepAliveFetch(),
    // Our per-attempt timeout aborts the request; the SDK's own limit only backs it up.
    timeout: 30 * 60_000,
  });
  const secrets = options.accessToken === undefined ? [] : [options.accessToken];
  return {
    name: 'vertex',
    async complete(request, completeOptions = {}) {
      const target = models.get(request.model);
      try {
        const result = await callMessages(
          client,
          target === undefined ? request : { ...request, model: target.id },
          completeOptions,
        );
        if (target?.info === undefined) return result;
        // The cost at Vertex AI's price for this region (the global endpoint at the table's).
        return {
          ...result,
          value: { ...result.value, costUsd: costOf(result.value.usage, target.info) },
        };
      } catch (error) {
        throw fromCloudError(error, {
          cloud: 'vertex',
          errors: sdk.errors,
          streaming: completeOptions.onText !== undefined,
          secrets,
        });
      }
    },
  };
}

/** A fixed bearer token. */
function staticToken(token: string): RequestAuth {
  return {
    projectId: null,
    getRequestHeaders: () => Promise.resolve(new Headers({ authorization: `Bearer ${token}` })),
  };
}

/**
 * Application-default credentials, resolved on the first request: the SDK would start the
 * lookup when the client is made, and a failed lookup nobody awaits yet is an unhandled
 * rejection. google-auth-library is a dependency of the Vertex SDK, so it is required from there.
 */
function applicationDefault(projectId: string): RequestAuth {
  let client: Promise<RequestAuth> | undefined;
  const auth: { projectId: string | null; getRequestHeaders(): Promise<Headers> } = {
    projectId: null,
    async getRequestHeaders() {
      client ??= googleClient(projectId);
      const resolved = await client;
      const headers = await resolved.getRequestHeaders();
      auth.projectId = resolved.projectId ?? null;
      return headers;
    },
  };
  return auth;
}

/** The project is given, so the library never asks Google's resource manager for one. */
async function googleClient(projectId: string): Promise<RequestAuth> {
  const { GoogleAuth } = requireFromSdk('@anthropic-ai/vertex-sdk', 'google-auth-library') as {
    GoogleAuth: new (options: { scopes: string; projectId: string }) => {
      getClient(): Promise<RequestAuth>;
    };
  }; // the part of the package's declared module used here
  return new GoogleAuth({
    scopes: 'https://www.googleapis.com/auth/cloud-platform',
    projectId,
  }).getClient();
}
