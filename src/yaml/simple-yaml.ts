/**
 * A fast parser for the flat YAML subset that almost every agent frontmatter uses:
 * top-level `key: scalar`, quoted strings, one-line flow lists of scalars and block lists of
 * scalars. It returns `undefined` for anything outside that subset, and the caller then uses
 * the full `yaml` library. The subset is chosen so that, wherever this parser answers, its
 * answer equals `yaml.parse` (YAML 1.2 core schema); the corpus equivalence test holds it to
 * that. Why it exists: a cold `agents list` over ~380 files must finish within a few tens of
 * milliseconds, and importing plus warming a full YAML parser costs more than that.
 */
export type SimpleYamlValue =
  string | number | boolean | null | SimpleYamlValue[] | { [key: string]: SimpleYamlValue };

export interface SimpleYamlResult {
  readonly value: Record<string, SimpleYamlValue>;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const LIST_ITEM = /^-(?:[ \t]+(.*))?$/;
const INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;
// Plain scalars that YAML would resolve to something other than a string, or that need
// rules we do not implement (numbers in other forms, special floats, case variants).
const NEEDS_FULL_PARSER =
  /^(?:[-+.]?[0-9]|\.|~$|null$|Null$|NULL$|True$|TRUE$|False$|FALSE$|y$|n$)/;
const PLAIN_FORBIDDEN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Top-level mapping plus one nested level: enough for frontmatter and config files. */
const MAX_DEPTH = 1;
const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const FAIL = Symbol('outside the simple subset');
type Parsed = SimpleYamlValue | typeof FAIL;

interface Cursor {
  readonly lines: readonly string[];
  index: number;
}

export function parseSimpleYaml(text: string): SimpleYamlResult | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const value = parseMapping({ lines: text.split('\n'), index: 0 }, 0, 0);
  return value === FAIL ? undefined : { value };
}

/** A block mapping whose keys sit at exactly `indent` spaces; ends at a less indented line. */
function parseMapping(
  cursor: Cursor,
  indent: number,
  depth: number,
): Record<string, SimpleYamlValue> | typeof FAIL {
  const { lines } = cursor;
  // No prototype: a "__proto__" key is just a key.
  const value = Object.create(null) as Record<string, SimpleYamlValue>;
  for (let line = skipBlankLines(cursor); line !== undefined; line = skipBlankLines(cursor)) {
    const lineIndent = indentOf(line);
    if (lineIndent < indent) break;
    if (lineIndent > indent) return FAIL;
    const match = KEY_LINE.exec(line.slice(indent));
    if (match === null) return FAIL;
    const key = match[1] ?? '';
    if (key in value) return FAIL; // duplicate keys: let the full parser report them
    cursor.index += 1;
    const raw = match[2];
    if (raw === undefined || raw.trim() === '' || raw.trimStart().startsWith('#')) {
      const nested = parseBlockValue(cursor, indent, depth);
      if (nested === FAIL) return FAIL;
      value[key] = nested;
      continue;
    }
    // A plain scalar continued on more indented lines is folded by YAML: not ours.
    const next = lines[cursor.index];
    if (next !== undefined && next.trim() !== '' && indentOf(next) > indent) return FAIL;
    const parsed = parseInlineValue(raw.trim());
    if (parsed === FAIL) return FAIL;
    value[key] = parsed;
  }
  return value;
}

/** What follows `key:` with nothing after it: a block list, a nested mapping, or null. */
function parseBlockValue(cursor: Cursor, indent: number, depth: number): Parsed {
  const peek: Cursor = { lines: cursor.lines, index: cursor.index };
  const next = skipBlankLines(peek);
  if (next === undefined) return null;
  const nextIndent = indentOf(next);
  if (LIST_ITEM.test(next.slice(nextIndent)) && nextIndent >= indent) {
    cursor.index = peek.index;
    return parseBlockList(cursor, nextIndent, indent);
  }
  if (nextIndent <= indent) return null;
  if (depth >= MAX_DEPTH) return FAIL;
  cursor.index = peek.index;
  return parseMapping(cursor, nextIndent, depth + 1);
}

/** `- scalar` items at exactly `itemIndent`; the owning key sits at `keyIndent`. */
function parseBlockList(cursor: Cursor, itemIndent: number, keyIndent: number): Parsed {
  const items: SimpleYamlValue[] = [];
  for (let line = skipBlankLines(cursor); line !== undefined; line = skipBlankLines(cursor)) {
    const lineIndent = indentOf(line);
    const item = lineIndent === itemIndent ? LIST_ITEM.exec(line.slice(lineIndent)) : null;
    if (item === null) {
      // The list ends at a line no deeper than its key; anything else is structure we skip.
      return lineIndent <= keyIndent ? items : FAIL;
    }
    const itemValue = parseScalar((item[1] ?? '').trim());
    if (itemValue === FAIL || Array.isArray(itemValue)) return FAIL;
    items.push(itemValue);
    cursor.index += 1;
  }
  return items;
}

/** Moves past blank and comment lines; returns the next line, or undefined at the end. */
function skipBlankLines(cursor: Cursor): string | undefined {
  while (cursor.index < cursor.lines.length) {
    const line = cursor.lines[cursor.index] ?? '';
    if (!isBlankOrComment(line)) return line;
    cursor.index += 1;
  }
  return undefined;
}

function indentOf(line: string): number {
  let count = 0;
  while (line.charCodeAt(count) === 32) count += 1;
  return count;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}

function parseInlineValue(raw: string): Parsed {
  if (raw.startsWith('[')) return parseFlowList(raw);
  return parseScalar(raw);
}

function parseFlowList(raw: string): Parsed {
  if (!raw.endsWith(']')) return FAIL;
  const inner = raw.slice(1, -1).trim();
  if (inner === '') return [];
  if (/["'[\]{}#]/.test(inner)) return FAIL;
  const items: SimpleYamlValue[] = [];
  const parts = inner.split(',');
  for (let position = 0; position < parts.length; position += 1) {
    const part = (parts[position] ?? '').trim();
    // A trailing comma is allowed in flow sequences; an empty item elsewhere is not ours.
    if (part === '') {
      if (position === parts.length - 1) break;
      return FAIL;
    }
    if (part.includes(':')) return FAIL;
    const item = parseScalar(part);
    if (item === FAIL) return FAIL;
    items.push(item);
  }
  return items;
}

function parseScalar(raw: string): Parsed {
  if (raw === '') return null;
  const first = raw.charCodeAt(0);
  if (first === 34 /* " */) return parseDoubleQuoted(raw);
  if (first === 39 /* ' */) return parseSingleQuoted(raw);
  if (PLAIN_FORBIDDEN_START.test(raw)) return FAIL;
  if (raw.includes(': ') || raw.includes(' #') || raw.endsWith(':')) return FAIL;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (INTEGER.test(raw)) return Number(raw);
  if (NEEDS_FULL_PARSER.test(raw)) return FAIL;
  return raw;
}

function parseSingleQuoted(raw: string): Parsed {
  if (raw.length < 2 || !raw.endsWith("'")) return FAIL;
  const inner = raw.slice(1, -1);
  // Inside, '' is an escaped quote; any lone quote means the string ended earlier.
  if (/'(?!')/.test(inner.replace(/''/g, ''))) return FAIL;
  return inner.replace(/''/g, "'");
}

function parseDoubleQuoted(raw: string): Parsed {
  let result = '';
  let position = 1;
  while (position < raw.length) {
    const char = raw[position] ?? '';
    if (char === '"') {
      // The closing quote must end the value.
      return position === raw.length - 1 ? result : FAIL;
    }
    if (char === '\\') {
      const escape = raw[position + 1];
      if (escape === undefined) return FAIL;
      const simple = DOUBLE_QUOTE_ESCAPES[escape];
      if (simple !== undefined) {
        result += simple;
        position += 2;
        continue;
      }
      const width = escape === 'x' ? 2 : escape === 'u' ? 4 : escape === 'U' ? 8 : 0;
      if (width === 0) return FAIL;
      const hex = raw.slice(position + 2, position + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return FAIL;
      const codePoint = Number.parseInt(hex, 16);
      if (codePoint > 0x10ffff) return FAIL;
      result += String.fromCodePoint(codePoint);
      position += 2 + width;
      continue;
    }
    result += char;
    position += 1;
  }
  return FAIL; // unterminated on this line: multi-line quoted strings fold, not ours
}
