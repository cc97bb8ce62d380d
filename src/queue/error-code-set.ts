import { FAILURE_CODES, USER_ERROR_CODES } from '../error-codes.js';
import type { ErrorCode } from '../error-codes.js';

const CODES: ReadonlySet<string> = new Set<string>([...USER_ERROR_CODES, ...FAILURE_CODES]);

/** Whether a code that came from another process is one of ours. */
export function isErrorCode(code: string): code is ErrorCode {
  return CODES.has(code);
}
