import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { claudeExecutable } from '../claude-code/claude-executable.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const PACKAGE_NAME = '@anthropic-ai/claude-code';
/** How many folders above the executable's real path may hold the package's package.json. */
const PACKAGE_LEVELS = 4;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the shell would find `name`: a path as given, else the first match on PATH. */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (name.includes('/') || (platform === 'win32' && name.includes('\\'))) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return isExecutableFile(path) ? path : undefined;
  }
  const extensions =
    platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = join(dir, `${name}${extension}`);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Claude Code's version without starting it: the `@anthropic-ai/claude-code` package.json above
 * the executable's real path (an npm install), else a version-named file (the native installer
 * keeps `versions/2.1.197`).
 */
export function claudeVersionOf(executable: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(executable);
  } catch {
    return undefined;
  }
  let dir = dirname(real);
  for (let level = 0; level < PACKAGE_LEVELS; level += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      }; // checked field by field below
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const named = /^(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(basename(real));
  return named?.[1];
}

/** Claude Code on PATH (or `CLAUDE_HYBRID_CLAUDE`), and its version. Needed by `code` and its provider. */
export function checkClaude(input: DoctorInput): DoctorCheck {
  const title = 'Claude Code';
  const name = claudeExecutable(input.env);
  const configured = name !== 'claude';
  const found = findOnPath(name, input.env, input.cwd);
  if (found === undefined)
    return checkResult(
      'claude',
      title,
      'warn',
      configured
        ? `CLAUDE_HYBRID_CLAUDE names ${name}, which is not an executable file (or not on PATH)`
        : 'claude is not on PATH: `claude-hybrid code` and the claude-code provider need it',
      configured
        ? 'point CLAUDE_HYBRID_CLAUDE at the claude executable, or unset it'
        : `npm install -g ${PACKAGE_NAME} (or set CLAUDE_HYBRID_CLAUDE to its path)`,
    );
  const version = claudeVersionOf(found);
  return checkResult(
    'claude',
    title,
    'ok',
    `${found}${version === undefined ? ' (version not found beside it)' : `, version ${version}`}`,
  );
}
