import { delimiter } from 'node:path';
import { CONFIG_KEYS, RESERVED_ENV, envNameFor } from './config-keys.js';
import type { ConfigIssue } from './config-issues.js';
import { describeFound } from './config-file.js';

const ENV_PREFIX = 'CLAUDE_HYBRID_';
const KEY_BY_ENV = new Map(CONFIG_KEYS.map((key) => [envNameFor(key.path), key]));

/** True when the environment sets any config variable (so the fast default path is off). */
export function hasConfigEnv(env: NodeJS.ProcessEnv): boolean {
  for (const name in env) if (name.startsWith(ENV_PREFIX) && !RESERVED_ENV.has(name)) return true;
  return false;
}

/**
 * Builds the env layer from `CLAUDE_HYBRID_*` variables, coercing strings by each key's kind.
 * Lists are separated by the platform path delimiter (`:` on POSIX). Unknown variables are
 * reported: a misspelt override silently doing nothing is worse than an error.
 */
export function envLayer(env: NodeJS.ProcessEnv): { layer: Record<string, unknown>; names: Map<string, string>; issues: ConfigIssue[] } {
  const layer: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || RESERVED_ENV.has(name)) continue;
    const raw = env[name] ?? '';
    const key = KEY_BY_ENV.get(name);
    if (key === undefined) {
      issues.push({ source: 'env', line: undefined, key: name, expected: 'a known variable (see README: Configuration)', found: 'an unknown CLAUDE_HYBRID_* variable' });
      continue;
    }
    const value = coerce(raw, key.kind.type);
    if (value === undefined) {
      issues.push({ source: 'env', line: undefined, key: name, expected: expectedFor(key.kind.type), found: describeFound(raw) });
      continue;
    }
    setPath(layer, key.path, value);
    names.set(key.path, name);
  }
  return { layer, names, issues };
}

function coerce(raw: string, type: string): unknown {
  switch (type) {
    case 'boolean': {
      const lowered = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
      if (['false', '0', 'no', 'off'].includes(lowered)) return false;
      return undefined;
    }
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'string-list':
      return raw.split(delimiter).filter((item) => item !== '');
    default:
      return raw;
  }
}

function expectedFor(type: string): string {
  if (type === 'boolean') return 'true or false';
  if (type === 'integer') return 'an integer';
  return 'a value';
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
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part]; // walking a plain layer object
  }
  return current;
}
