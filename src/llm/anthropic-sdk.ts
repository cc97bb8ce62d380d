import type * as Sdk from '@anthropic-ai/sdk';
import { requireBundled } from '../files/index.js';

let sdk: typeof Sdk | undefined;

/**
 * The official SDK, required on first use: loading it takes tens of milliseconds, and only the
 * anthropic provider needs it (a `sim`, `openai` or `claude-code` run never does). In the build it
 * is `dist/vendor/anthropic-ai-sdk.cjs`, not an installed package.
 */
export function anthropicSdk(): typeof Sdk {
  sdk ??= requireBundled('@anthropic-ai/sdk') as typeof Sdk; // the package's own module
  return sdk;
}
