import { delimiter } from 'node:path';
import { CONFIG_KEYS, RESERVED_ENV, envNameFor } from './config-keys.js';
import type { ConfigIssue } from './config-issues.js';
import { describeFound, setPath } from './config-values.js';

import { ENV_PREFIX } from './config-values.js';
const KEY_BY_ENV = new Map(CONFIG_KEYS.map((key) => [envNameFor(key.path), key]));

/**
 * Builds the env layer from `CLAUDE_HYBRID_*` variables, coercing strings by each key's kind.
 * Lists are separated by the platform path delimiter (`:` on POSIX). Unknown variables are
 * reported: a misspelt override silently doing nothing is worse than an error.
 */
export function envLayer(env: NodeJS.ProcessEnv): {
  layer: Record<string, unknown>;
  names: Map<string, string>;
  issues: ConfigIssue[];
} {
  const layer: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || RESERVED_ENV.has(name)) continue;
    const raw = env[name] ?? '';
    const key = KEY_BY_ENV.get(name);
    if (key === undefined) {
      issues.push({
        source: 'env',
        line: undefined,
        key: name,
        expected: 'a known variable (see docs/configuration.md)',
        found: 'an unknown CLAUDE_HYBRID_* variable',
      });
      continue;
    }
    const value = coerce(raw, key.kind.type);
    if (value === undefined) {
      issues.push({
        source: 'env',
        line: undefined,
        key: name,
        expected: expectedFor(key.kind.type),
        found: describeFound(raw),
      });
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
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'string-map':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return undefined;
      }
    case 'string-list':
      return raw.split(delimiter).filter((item) => item !== '');
    default:
      return raw;
  }
}

function expectedFor(type: string): string {
  if (type === 'boolean') return 'true or false';
  if (type === 'integer') return 'an integer';
  if (type === 'number') return 'a number';
  if (type === 'string-map') return 'a JSON object of strings, e.g. {"engineer":"opus"}';
  return 'a value';
}
