import { formatIssue } from '../config/config-issues.js';
import type { LoadedConfig } from '../config/index.js';
import { isHybridError } from '../errors.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const TITLE = 'Configuration';

/**
 * The layered config (user file, project file, `CLAUDE_HYBRID_*`), every issue collected as
 * `config validate` does. The loaded config is handed on to the checks that need it; it is
 * undefined when it could not be loaded at all (an unusable home).
 */
export async function checkConfig(
  input: DoctorInput,
): Promise<{ readonly check: DoctorCheck; readonly loaded: LoadedConfig | undefined }> {
  let loaded: LoadedConfig;
  try {
    loaded = await input.loadConfig();
  } catch (error) {
    const hint = isHybridError(error) ? error.hint : undefined;
    return {
      check: checkResult(
        'config',
        TITLE,
        'fail',
        `cannot load it: ${(error as Error).message}`,
        hint ?? 'claude-hybrid config validate',
      ),
      loaded: undefined,
    };
  }
  const files = [
    loaded.files.userExists ? loaded.files.user : undefined,
    loaded.files.projectExists ? loaded.files.project : undefined,
  ].filter((file): file is string => file !== undefined);
  const first = loaded.issues[0];
  if (first === undefined)
    return {
      check: checkResult(
        'config',
        TITLE,
        'ok',
        `valid (${files.length === 0 ? 'defaults only' : files.join(', ')})`,
      ),
      loaded,
    };
  const count = loaded.issues.length;
  const where = first.source === 'env' ? `the environment variable ${first.key}` : first.source;
  return {
    check: checkResult(
      'config',
      TITLE,
      'fail',
      `${count} invalid value${count === 1 ? '' : 's'}: ${formatIssue(first)}${count > 1 ? ` (and ${count - 1} more)` : ''}`,
      `set ${first.key} to ${first.expected} in ${where}${first.line === undefined ? '' : ` (line ${first.line})`}, or remove it; claude-hybrid config validate lists every problem`,
    ),
    loaded,
  };
}
