import { defaultExitCode } from './error-codes.js';
import type { CodeOf, ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

/**
 * The one error root. Every error we throw on purpose is a HybridError with a stable string
 * `code` from error-codes.ts (docs/errors.md), a one-line `hint` saying how to fix it, and an
 * optional `cause`. `exitCode` separates user errors (2: bad input, bad config, bad flags) from
 * system failures (1); it defaults to the code's registry entry.
 *
 * Memory, hooks, daemon, routing and claude_code codes are thrown as plain HybridErrors on
 * purpose: their code already names the area, and no caller catches them by class.
 */
export interface HybridErrorOptions {
  /** One line telling the user how to fix the problem. */
  hint?: string;
  /** The underlying error, kept for `--debug`. */
  cause?: unknown;
  /** Process exit code the CLI uses. @default the code's default (USER_ERROR_CODES: 2, FAILURE_CODES: 1) */
  exitCode?: 1 | 2;
}

/**
 * A process-wide brand. The CLI is split into bundles that each carry their own copy of these
 * classes, so `instanceof` cannot tell our errors apart across them; the brand can.
 */
const BRAND = Symbol.for('claude-hybrid.error');

export class HybridError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: 1 | 2;

  constructor(code: ErrorCode, message: string, options: HybridErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCode(code);
  }

  /**
   * `instanceof` that holds across bundles: an error made by another bundle's copy of a class
   * is an instance when it carries the brand and a class of the same name is on its chain. So
   * a library user's `error instanceof HybridError` (or `ProviderError`) works whichever part
   * of Claude Hybrid threw it.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isHybridError(value)) return false;
    for (let proto: unknown = Object.getPrototypeOf(value); proto !== null;) {
      const constructor = (proto as { constructor?: { name?: string } }).constructor; // any prototype object
      if (constructor?.name === this.name) return true;
      proto = Object.getPrototypeOf(proto);
    }
    return false;
  }
}

/** Bad command-line usage: unknown flag, missing argument. Always exit 2. */
export class UsageError extends HybridError {
  constructor(message: string, hint?: string) {
    super('usage', message, { exitCode: 2, ...(hint === undefined ? {} : { hint }) });
  }
}

/** Invalid configuration: a user error, exit 2. */
export class ConfigError extends HybridError {
  constructor(
    code: ErrorCode,
    message: string,
    options: Omit<HybridErrorOptions, 'exitCode'> = {},
  ) {
    super(code, message, { ...options, exitCode: 2 });
  }
}

/** A problem with an agent or skill definition, or with deploying one. */
export class AgentError extends HybridError {
  declare readonly code: AgentErrorCode;
  constructor(code: AgentErrorCode, message: string, options: HybridErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Agent and skill codes, and a deploy or scaffold target that cannot be written. */
type AgentErrorCode = CodeOf<'agents' | 'skills'> | 'fs.not_writable';

/**
 * A model provider failed. `status` is the HTTP status when there is one; `headers` are the
 * response's (lower-case names), so rate-limit and retry-after information survives a failure.
 */
export class ProviderError extends HybridError {
  declare readonly code: CodeOf<'provider' | 'embeddings'>;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly headers: Readonly<Record<string, string>> | undefined;
  constructor(
    code: CodeOf<'provider' | 'embeddings'>,
    message: string,
    options: HybridErrorOptions & {
      status?: number;
      retryable?: boolean;
      headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(code, message, options);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers;
  }
}

/** A cost or token budget would be exceeded. */
export class BudgetError extends HybridError {
  declare readonly code: CodeOf<'budget'>;
  constructor(code: CodeOf<'budget'>, message: string, options: HybridErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A workflow definition or run failed. */
export class WorkflowError extends HybridError {
  declare readonly code: CodeOf<'workflow'>;
  constructor(code: CodeOf<'workflow'>, message: string, options: HybridErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The SQLite store could not be opened, migrated or written. */
export class StoreError extends HybridError {
  declare readonly code: CodeOf<'store'>;
  constructor(code: CodeOf<'store'>, message: string, options: HybridErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A job queue (BullMQ on Redis) could not be reached, or a queued job failed. */
export class QueueError extends HybridError {
  declare readonly code: CodeOf<'queue'>;
  constructor(code: CodeOf<'queue'>, message: string, options: HybridErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * A Claude Code session could not be found: `session.none` (the project has no transcripts),
 * `session.unknown_id` (no session has that id or prefix), `session.ambiguous_id` (a prefix
 * matches several). All are user errors (exit 2).
 */
export class SessionError extends HybridError {
  declare readonly code: CodeOf<'session'>;
  constructor(code: CodeOf<'session'>, message: string, hint: string) {
    super(code, message, { hint, exitCode: 2 });
  }
}

/** True for any of our errors, whichever bundle created it. */
export function isHybridError(value: unknown): value is HybridError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true; // reading the brand
}
