import type { ZodMiniType as Schema } from 'zod/mini';
import {
  AGENT_NAME_EXPECTED,
  AGENT_NAME_PATTERN,
  MAX_AGENT_NAME_LENGTH,
} from '../agents/agent-name.js';
import { requireBundled } from '../files/index.js';
import { CONFIG_KEYS } from './config-keys.js';
import { getPath } from './config-values.js';
import { compileDenyPattern } from './deny-pattern.js';
import { likelyTypoOf } from '../routing/closest-names.js';
import type { ConfigKind } from './config-keys.js';
import type * as ZodMiniSubset from './zod-mini.js';

type ZodMini = typeof ZodMiniSubset;

/**
 * The zod schema of one config layer, derived from CONFIG_KEYS so the table stays the single
 * source of truth. Strict objects: an unknown (usually misspelt) key is an error, not ignored.
 */
let layerSchema: Schema | undefined;

export function buildLayerSchema(): Schema {
  if (layerSchema !== undefined) return layerSchema;
  // Required here, not imported: only a config file or variable that needs validating loads zod
  // (in the build, dist/vendor/zod-mini.cjs).
  const z = requireBundled('zod/mini') as ZodMini; // the package's own type
  // Keys nest by their dotted paths (`provider.bedrock.region` is three levels deep); each
  // level is a strict object of the keys and groups under it.
  interface Group {
    readonly leaves: Record<string, Schema>;
    readonly groups: Map<string, Group>;
  }
  const root: Group = { leaves: {}, groups: new Map() };
  for (const key of CONFIG_KEYS) {
    const parts = key.path.split('.');
    const leaf = parts.pop() ?? key.path;
    let group = root;
    for (const part of parts) {
      let next = group.groups.get(part);
      if (next === undefined) {
        next = { leaves: {}, groups: new Map() };
        group.groups.set(part, next);
      }
      group = next;
    }
    group.leaves[leaf] = z.optional(schemaFor(z, key.kind));
  }
  const objectOf = (group: Group): Record<string, Schema> => {
    const shape: Record<string, Schema> = { ...group.leaves };
    for (const [name, inner] of group.groups)
      shape[name] = z.optional(z.strictObject(objectOf(inner)));
    return shape;
  };
  const top = objectOf(root);
  layerSchema = z.strictObject(top);
  return layerSchema;
}

/** An http(s) URL with a host, or nothing: what `url` keys hold. */
const URL_PATTERN = /^(?:https?:\/\/[^\s/?#]+(?:[/?#]\S*)?)?$/;
const URL_EXPECTED = 'an http:// or https:// URL, e.g. http://127.0.0.1:4318 (or empty for none)';

function schemaFor(z: ZodMini, kind: ConfigKind): Schema {
  switch (kind.type) {
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().check(z.int(), z.minimum(kind.min), z.maximum(kind.max));
    case 'number':
      return z.number().check(z.minimum(kind.min), z.maximum(kind.max));
    case 'string-map':
      return z.record(z.string(), z.string().check(z.minLength(1)));
    case 'string':
      return z.string().check(z.minLength(1));
    case 'agent-name':
      // The message is what describeIssue reports for a string that breaks the rule.
      return z
        .string()
        .check(
          z.regex(AGENT_NAME_PATTERN, AGENT_NAME_EXPECTED),
          z.maxLength(MAX_AGENT_NAME_LENGTH, AGENT_NAME_EXPECTED),
        );
    case 'string-list':
      return z.array(z.string().check(z.minLength(1)));
    case 'url':
      // Empty is "none", so a project can turn off what the user file sets.
      return z.string().check(z.regex(URL_PATTERN, URL_EXPECTED));
    case 'enum':
      return z.enum(kind.values as [string, ...string[]]); // CONFIG_KEYS enums are non-empty
  }
}

export interface LayerIssue {
  readonly path: readonly (string | number)[];
  readonly expected: string;
}

/** Validates one layer; returns its issues with a human "expected ..." for each. */
export function validateLayer(value: unknown): LayerIssue[] {
  const result = buildLayerSchema().safeParse(value);
  const issues = result.success
    ? []
    : result.error.issues.map((issue) => ({
        path: issue.path.filter((part): part is string | number => typeof part !== 'symbol'),
        expected: describeIssue(issue as unknown as Record<string, unknown>), // zod issues are plain records
      }));
  return [...issues, ...patternIssues(value)];
}

/**
 * Every `hooks.denyBash` pattern must compile with the linear-time engine the daemon matches
 * with (deny-pattern.ts): one that cannot is refused here, so `config validate` names it, rather
 * than being found by the daemon when a command is about to run.
 */
function patternIssues(layer: unknown): LayerIssue[] {
  const patterns = getPath(layer, 'hooks.denyBash');
  if (!Array.isArray(patterns)) return [];
  const issues: LayerIssue[] = [];
  patterns.forEach((pattern: unknown, index) => {
    if (typeof pattern !== 'string' || pattern === '') return; // zod reports those
    const compiled = compileDenyPattern(pattern);
    if ('problem' in compiled)
      issues.push({
        path: ['hooks', 'denyBash', index],
        expected: `a linear-time (RE2) regular expression: ${compiled.problem}`,
      });
  });
  return issues;
}

/** The known key under `parent` (a zod issue's path) that `key` is most likely a typo of. */
function likelyKey(parent: unknown, key: string): string | undefined {
  const prefix = Array.isArray(parent) && parent.length > 0 ? `${parent.join('.')}.` : '';
  const siblings = new Set<string>();
  for (const known of CONFIG_KEYS)
    if (known.path.startsWith(prefix))
      siblings.add(known.path.slice(prefix.length).split('.')[0] ?? '');
  return likelyTypoOf(key, [...siblings]);
}

function describeIssue(issue: Record<string, unknown>): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a ${String(issue.expected)}`;
    case 'invalid_value':
      return `one of ${(issue.values as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys': {
      const keys = issue.keys as string[];
      const guess = keys.length === 1 ? likelyKey(issue.path, keys[0] ?? '') : undefined;
      return `no key "${keys.join('", "')}" (unknown key; ${guess === undefined ? 'check the spelling' : `did you mean "${guess}"?`})`;
    }
    case 'too_small':
      return issue.origin === 'string'
        ? 'a non-empty string'
        : `a number >= ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? (issue.message as string)
        : `a number <= ${String(issue.maximum)}`;
    case 'invalid_format':
      return typeof issue.message === 'string' ? issue.message : 'a value in the right format';
    default:
      return typeof issue.message === 'string' ? issue.message : 'a valid value';
  }
}
