import type * as BedrockSdk from '@anthropic-ai/bedrock-sdk';
import type * as VertexSdk from '@anthropic-ai/vertex-sdk';
import type * as SdkErrors from '@anthropic-ai/sdk/core/error';
import { createRequire } from 'node:module';
import { requireOptional } from '../files/index.js';

/** A cloud SDK and the error classes of the Anthropic SDK copy it runs on. */
export interface CloudSdk<Module> {
  readonly module: Module;
  /**
   * The cloud SDK's errors. Not the vendored Anthropic SDK's: the cloud SDK depends on its own
   * copy of `@anthropic-ai/sdk`, whose classes `instanceof` must be checked against.
   */
  readonly errors: typeof SdkErrors;
}

let bedrock: CloudSdk<typeof BedrockSdk> | undefined;
let vertex: CloudSdk<typeof VertexSdk> | undefined;

/**
 * `@anthropic-ai/bedrock-sdk`, an optional peer required on first use: only a bedrock run
 * loads it (with the AWS SigV4 signer and credential chain behind it). Missing, it is a
 * `deps.missing` error naming the install command, exit 2.
 */
export function bedrockSdk(): CloudSdk<typeof BedrockSdk> {
  bedrock ??= {
    module: requireOptional(
      '@anthropic-ai/bedrock-sdk',
      'The bedrock provider',
    ) as typeof BedrockSdk, // the package's own module
    errors: requireOptional(
      '@anthropic-ai/bedrock-sdk/core/error',
      'The bedrock provider',
    ) as typeof SdkErrors, // re-exports @anthropic-ai/sdk/core/error
  };
  return bedrock;
}

/** `@anthropic-ai/vertex-sdk`, like bedrockSdk(): only a vertex run loads it. */
export function vertexSdk(): CloudSdk<typeof VertexSdk> {
  vertex ??= {
    module: requireOptional('@anthropic-ai/vertex-sdk', 'The vertex provider') as typeof VertexSdk, // the package's own module
    errors: requireOptional(
      '@anthropic-ai/vertex-sdk/core/error',
      'The vertex provider',
    ) as typeof SdkErrors, // re-exports @anthropic-ai/sdk/core/error
  };
  return vertex;
}

/**
 * Requires `name` as the cloud SDK `sdk` would: from its own dependencies (the AWS credential
 * providers, google-auth-library), which need not be ours. Call after the SDK loaded.
 */
export function requireFromSdk(
  sdk: '@anthropic-ai/bedrock-sdk' | '@anthropic-ai/vertex-sdk',
  name: string,
): unknown {
  // import.meta.url is the bundle's file in the build, this file from the sources.
  const sdkPath = createRequire(import.meta.url).resolve(sdk);
  return createRequire(sdkPath)(name);
}
