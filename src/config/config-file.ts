import { readFileSync, statSync } from 'node:fs';
import { documentValue, parseSimpleYaml, yamlLibrary } from '../yaml/index.js';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from './config-issues.js';
import { describeFound } from './config-values.js';
import { validateLayer } from './schema.js';
import { rememberLayer } from './validated-config-cache.js';
import type { FileStamp } from './validated-config-cache.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and validates one YAML config file. Returns the layer and every issue, each with the
 * file, line, key path, expected value and what was found. A file that cannot be read or is not
 * YAML throws a ConfigError at once: nothing else about it can be trusted.
 */
export function readConfigFile(
  file: string,
  cacheDir?: string,
): {
  layer: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  let text: string;
  let stamp: FileStamp;
  try {
    const stats = statSync(file);
    stamp = { mtimeMs: stats.mtimeMs, size: stats.size };
    if (stamp.size > MAX_CONFIG_BYTES) {
      throw new ConfigError('config.too_large', `config file ${file} is larger than 1 MiB`, {
        hint: 'a config file holds a few keys; check that the path points at the right file',
      });
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      'config.unreadable',
      `cannot read config file ${file}: ${(error as Error).message}`,
      {
        hint: 'check the file exists and is readable',
        cause: error,
      },
    );
  }
  // Fast path: a config file that fits the simple YAML subset and validates needs neither the
  // YAML library nor line numbers. Anything else goes the full way, for precise errors.
  const simple = parseSimpleYaml(text);
  if (simple !== undefined && validateLayer(simple.value).length === 0) {
    if (cacheDir !== undefined) rememberLayer(cacheDir, file, stamp, simple.value);
    return { layer: simple.value, issues: [] };
  }
  const { LineCounter, parseDocument, isMap } = yamlLibrary();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(
      'config.yaml',
      `${file}${line === undefined ? '' : `:${line}`}: invalid YAML: ${reason}`,
      {
        hint: 'fix the YAML syntax at that line (indent with spaces, quote values containing ": ")',
      },
    );
  }
  const converted = documentValue(document, 50);
  if (converted.error !== undefined) {
    throw new ConfigError('config.yaml', `${file}: invalid YAML: ${converted.error}`, {
      hint: 'write the values out instead of repeating them through nested aliases',
    });
  }
  const value = converted.value;
  if (value === null || value === undefined) return { layer: {}, issues: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      layer: {},
      issues: [
        {
          source: file,
          line: 1,
          key: '(root)',
          expected: 'a mapping of keys',
          found: describeFound(value),
        },
      ],
    };
  }
  const layer = value as Record<string, unknown>; // a YAML mapping, checked above
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return lineCounter.linePos(node.range[0]).line;
    if (path.length === 0) return undefined;
    return lineOf(path.slice(0, -1));
  };
  const issues = validateLayer(layer).map((issue): ConfigIssue => {
    const unknownKey = /^no key "([^"]+)"/.exec(issue.expected)?.[1];
    const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
    let line = lineOf(path);
    if (unknownKey !== undefined) {
      const parent = issue.path.length === 0 ? document.contents : document.getIn(issue.path, true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (item) => (item.key as { value?: unknown } | null)?.value === unknownKey,
        );
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range !== undefined) line = lineCounter.linePos(range[0]).line;
      }
    }
    return {
      source: file,
      line,
      key: path.join('.'),
      expected: issue.expected,
      found: describeFound(valueAt(layer, path)),
    };
  });
  if (issues.length === 0 && cacheDir !== undefined) rememberLayer(cacheDir, file, stamp, layer);
  return { layer, issues };
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part]; // walking parsed YAML
  }
  return current;
}
