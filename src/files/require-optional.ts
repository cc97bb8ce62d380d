import { fileURLToPath } from 'node:url';
import { HybridError } from '../errors.js';
import { lazyRequire } from './lazy-require.js';

/**
 * Requires a package that only an optional feature needs: a queue or Postgres client, a cloud
 * provider's SDK, the OTLP exporter. Such packages are optional peer dependencies, never
 * installed with claude-hybrid, so a user who does not use the feature does not pay for it.
 * When the package is missing the error says which feature needs it and how to install it
 * (exit 2: the user's setup, not a failure of ours). Any other load error is rethrown as is.
 */
export function requireOptional(name: string, feature: string): unknown {
  try {
    return lazyRequire(name);
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new HybridError('deps.missing', `${feature} needs the ${name} package`, {
      exitCode: 2,
      hint: `install it: ${installCommand(name, fileURLToPath(import.meta.url))}`,
      cause: error,
    });
  }
}

/** Node's "Cannot find module" for this package itself, not for something it requires. */
function isMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND')
    return false;
  return error.message.startsWith(`Cannot find module '${name}'`);
}

/**
 * The npm command that puts `name` where this copy of claude-hybrid resolves packages from: a
 * global install (`npm install -g claude-hybrid`, under a `lib/node_modules` or, on Windows,
 * `npm/node_modules` prefix) needs the package installed globally too; a project's copy, or
 * the sources, need it in the project.
 */
export function installCommand(name: string, modulePath: string): string {
  const global = /[\\/](?:lib|npm)[\\/]node_modules[\\/]claude-hybrid[\\/]/.test(modulePath);
  return global ? `npm install -g ${name}` : `npm install ${name}`;
}
