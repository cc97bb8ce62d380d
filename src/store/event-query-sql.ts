import { StoreError } from '../errors.js';
import type { EventFilter, EventQuery } from './event-records.js';
import { DEFAULT_EVENT_QUERY_LIMIT, MAX_EVENT_QUERY_LIMIT } from './event-records.js';

/**
 * A query's shape is which filters it uses. Each shape maps to one SQL text, so the repository
 * prepares it once and reuses it: there are at most 2^9 shapes, and in practice a handful.
 */
const TYPE = 1;
const PREFIX = 2;
const PREFIX_BOUNDED = 4;
const SESSION = 8;
const RUN = 16;
const AFTER_ID = 32;
const ASCENDING = 64;
const SINCE = 128;
const BEFORE_ID = 256;

export type QueryParameters = Record<string, string | number>;

export interface CompiledQuery {
  readonly shape: number;
  readonly parameters: QueryParameters;
}

function invalidQuery(message: string): StoreError {
  return new StoreError('store.invalid_query', message, {
    hint: `limit is 1 to ${MAX_EVENT_QUERY_LIMIT}; afterId and beforeId are non-negative integers.`,
    exitCode: 2,
  });
}

/**
 * The smallest string greater than every string starting with `prefix`, so `type >= prefix AND
 * type < bound` is an index range scan on (type, ts). SQLite compares TEXT as UTF-8 bytes, and
 * UTF-8 byte order is code point order, so bumping the last code point works. Code points with
 * no usable successor (U+10FFFF, and U+D7FF whose successor is a surrogate) are dropped, which
 * gives a looser but still valid bound; the exact `substr` test keeps the result right.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  for (let end = codePoints.length - 1; end >= 0; end -= 1) {
    const codePoint = codePoints[end]?.codePointAt(0) ?? 0x10ffff;
    const isSurrogate = codePoint >= 0xd7ff && codePoint <= 0xdfff;
    if (codePoint < 0x10ffff && !isSurrogate) {
      return codePoints.slice(0, end).join('') + String.fromCodePoint(codePoint + 1);
    }
  }
  return undefined;
}

export function compileFilter(filter: EventFilter): CompiledQuery {
  let shape = 0;
  const parameters: QueryParameters = {};
  if (filter.type !== undefined) {
    shape |= TYPE;
    parameters.type = filter.type;
  }
  if (filter.typePrefix !== undefined && filter.typePrefix !== '') {
    shape |= PREFIX;
    parameters.typePrefix = filter.typePrefix;
    parameters.typePrefixLength = Array.from(filter.typePrefix).length;
    const bound = prefixUpperBound(filter.typePrefix);
    if (bound !== undefined) {
      shape |= PREFIX_BOUNDED;
      parameters.typePrefixEnd = bound;
    }
  }
  if (filter.session !== undefined) {
    shape |= SESSION;
    parameters.session = filter.session;
  }
  if (filter.run !== undefined) {
    shape |= RUN;
    parameters.run = filter.run;
  }
  if (filter.afterId !== undefined) {
    if (!Number.isSafeInteger(filter.afterId) || filter.afterId < 0) {
      throw invalidQuery(`afterId must be a non-negative integer, got ${filter.afterId}`);
    }
    shape |= AFTER_ID;
    parameters.afterId = filter.afterId;
  }
  if (filter.beforeId !== undefined) {
    if (!Number.isSafeInteger(filter.beforeId) || filter.beforeId < 0) {
      throw invalidQuery(`beforeId must be a non-negative integer, got ${filter.beforeId}`);
    }
    shape |= BEFORE_ID;
    parameters.beforeId = filter.beforeId;
  }
  if (filter.since !== undefined) {
    if (!Number.isSafeInteger(filter.since))
      throw invalidQuery(`since must be epoch milliseconds, got ${filter.since}`);
    shape |= SINCE;
    parameters.since = filter.since;
  }
  return { shape, parameters };
}

export function compileQuery(query: EventQuery): CompiledQuery {
  const limit = query.limit ?? DEFAULT_EVENT_QUERY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_EVENT_QUERY_LIMIT) {
    throw invalidQuery(`limit must be an integer from 1 to ${MAX_EVENT_QUERY_LIMIT}, got ${limit}`);
  }
  const compiled = compileFilter(query);
  compiled.parameters.limit = limit;
  return {
    shape: compiled.shape | (query.order === 'asc' ? ASCENDING : 0),
    parameters: compiled.parameters,
  };
}

export function whereClause(shape: number): string {
  const conditions: string[] = [];
  if (shape & TYPE) conditions.push('type = @type');
  if (shape & PREFIX) {
    conditions.push('type >= @typePrefix');
    if (shape & PREFIX_BOUNDED) conditions.push('type < @typePrefixEnd');
    conditions.push('substr(type, 1, @typePrefixLength) = @typePrefix');
  }
  if (shape & SESSION) conditions.push('session = @session');
  if (shape & RUN) conditions.push('run = @run');
  if (shape & AFTER_ID) conditions.push('id > @afterId');
  if (shape & BEFORE_ID) conditions.push('id < @beforeId');
  if (shape & SINCE) conditions.push('ts >= @since');
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/** Ordered by id, the append order; `ts` comes from each emitter's clock and may interleave. */
export function listSql(shape: number): string {
  const direction = shape & ASCENDING ? 'ASC' : 'DESC';
  return `SELECT id, ts, type, version, source, session, run, payload FROM events${whereClause(shape)} ORDER BY id ${direction} LIMIT @limit`;
}

export function countSql(shape: number): string {
  return `SELECT count(*) FROM events${whereClause(shape)}`;
}
