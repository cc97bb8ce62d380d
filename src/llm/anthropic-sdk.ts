import type * as Sdk from '@anthropic-ai/sdk';
import { lazyRequire } from '../files/index.js';

let sdk: typeof Sdk | undefined;

/**
 * The official SDK, required on first use: loading it takes tens of milliseconds, and only the
 * anthropic provider needs it (a `sim`, `openai` or `claude-code` run never does).
 */
export function anthropicSdk(): typeof Sdk {
  sdk ??= lazyRequire('@anthropic-ai/sdk') as typeof Sdk; // the package's own module
  return sdk;
}
