import { HybridError, QueueError, isHybridError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { isErrorCode } from './error-code-set.js';

/** How a job's error travels through BullMQ's failedReason: our error's code, message and hint. */
interface EncodedFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string | undefined;
  readonly exitCode: 1 | 2;
}

const MARK = 'claude-hybrid-error:';

/** The failedReason a worker records for an error: ours keep their code, others their message. */
export function encodeFailure(error: unknown): string {
  if (isHybridError(error)) {
    const encoded: EncodedFailure = {
      code: error.code,
      message: error.message,
      hint: error.hint,
      exitCode: error.exitCode,
    };
    return `${MARK}${JSON.stringify(encoded)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error a caller sees for a failed job: the worker's own HybridError when it was one (so a
 * budget or auth error reads the same as when run locally), else `queue.job_failed`.
 */
export function decodeFailure(reason: string, what: string): HybridError {
  if (reason.startsWith(MARK)) {
    try {
      const parsed = JSON.parse(reason.slice(MARK.length)) as Partial<EncodedFailure>;
      if (typeof parsed.code === 'string' && isErrorCode(parsed.code))
        return new HybridError(parsed.code, parsed.message ?? 'failed on a worker', {
          ...(parsed.hint === undefined ? {} : { hint: parsed.hint }),
          exitCode: parsed.exitCode === 2 ? 2 : 1,
        });
    } catch {
      // not ours after all: reported as it is below
    }
  }
  return new QueueError('queue.job_failed', `${what} failed on a worker: ${reason}`, {
    hint: "see the worker's output; the job stays in the queue's failed set",
    exitCode: 1,
  });
}
