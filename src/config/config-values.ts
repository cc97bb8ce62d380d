import { RESERVED_ENV } from './config-keys.js';

/**
 * Small helpers on plain config objects, kept apart from the YAML and zod code so the cold
 * path (no config files, no env) imports neither.
 */
export const ENV_PREFIX = 'CLAUDE_HYBRID_';

/** True when the environment sets any config variable (so the fast default path is off). */ export function hasConfigEnv(
  env: NodeJS.ProcessEnv,
): boolean {
  for (const name in env) if (name.startsWith(ENV_PREFIX) && !RESERVED_ENV.has(name)) return true;
  return false;
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === undefined || next === null || typeof next !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>; // just ensured it is an object
  }
  current[parts[parts.length - 1] ?? path] = value;
}

export function getPath(source: unknown, path: string): unknown {
  let current = source;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part))
      return undefined;
    current = (current as Record<string, unknown>)[part]; // walking a plain layer object
  }
  return current;
}

/** A short JSON rendering of a found value for error messages. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
