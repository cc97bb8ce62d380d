import type { Config } from '../config/index.js';
import { fastHashHex } from '../files/index.js';
import { sharedClient } from '../resilience/index.js';
import type { ResilientClient } from '../resilience/index.js';
import type { ProviderName } from './provider-choice.js';

/**
 * The process's resilient client for this provider and credential, set up from config. Shared,
 * so every run, step and hybrid in the process draws on one rate limit per key.
 */
export function clientFor(
  provider: ProviderName,
  env: Readonly<Record<string, string | undefined>>,
  config: Config,
): ResilientClient {
  const credential =
    provider === 'anthropic'
      ? env.ANTHROPIC_API_KEY
      : provider === 'openai'
        ? env.OPENAI_API_KEY
        : provider === 'bedrock'
          ? (env.AWS_ACCESS_KEY_ID ?? env.AWS_PROFILE ?? config.provider.bedrock.profile)
          : provider === 'vertex'
            ? (env.ANTHROPIC_VERTEX_PROJECT_ID ?? config.provider.vertex.projectId)
            : undefined;
  return sharedClient(`${provider}\n${fastHashHex(credential ?? '')}`, {
    maxConcurrency: config.engine.maxConcurrency,
    maxAttempts: config.engine.maxAttempts,
    attemptTimeoutMs: config.engine.attemptTimeoutMs,
    deadlineMs: config.engine.deadlineMs,
  });
}
