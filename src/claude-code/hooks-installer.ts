import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { HybridError, isHybridError } from '../errors.js';
import { printable, userHome } from '../files/index.js';
import { assertUnchanged, serializeLike, stripBom, writeWithMode } from './config-file-write.js';
import { inspectHooks, type HooksInspection } from './hooks-inspection.js';
import {
  applyHooks,
  removeHooks,
  settingsProblem,
  type HookLayout,
  type HookScope,
  type HookTarget,
  type JsonObject,
} from './hooks-settings.js';
import { assertSettingsContained } from './settings-containment.js';
import {
  applyStatusLine,
  foreignStatusLineCommand,
  removeStatusLine,
  statusLineState,
} from './statusline-settings.js';
import type { StatusLineState } from './statusline-settings.js';

/**
 * Reads, edits and writes Claude Code settings files for `hooks install|uninstall|status`.
 * Invariants: a file we refuse is never written; a file we change is backed up first (the backup
 * holds the bytes from just before our latest change) and replaced atomically, so a crash leaves
 * the old or the new file, never a torn one; an unchanged result writes nothing at all.
 */

/**
 * Larger files are refused: a Claude Code settings file is a few kilobytes, so 5 MB means
 * something else is there, and we would hold it in memory three times.
 */
export const MAX_SETTINGS_BYTES = 5 * 1024 * 1024;
export const BACKUP_SUFFIX = '.claude-hybrid.bak';

export interface SettingsPathOptions {
  /** The project whose `.claude/` holds project and local settings. */
  readonly projectRoot: string;
  /** Reads `CLAUDE_CONFIG_DIR` and `HOME`. */
  readonly env: NodeJS.ProcessEnv;
}

/** The settings file Claude Code reads for `scope`. */
export function settingsPath(scope: HookScope, options: SettingsPathOptions): string {
  if (scope === 'project') return join(options.projectRoot, '.claude', 'settings.json');
  if (scope === 'local') return join(options.projectRoot, '.claude', 'settings.local.json');
  const configured = options.env.CLAUDE_CONFIG_DIR;
  const dir =
    configured !== undefined && configured !== ''
      ? configured
      : join(userHome(options.env), '.claude');
  return join(dir, 'settings.json');
}

interface SettingsDocument {
  /** The file to write: the symlink's target when the settings file is a link (dotfiles). */
  readonly file: string;
  readonly exists: boolean;
  readonly text: string;
  readonly settings: JsonObject;
  /** Permission bits of the existing file. */
  readonly mode: number | undefined;
}

function unparseable(file: string, reason: string, cause?: unknown): HybridError {
  return new HybridError('hooks.unparseable_settings', `cannot edit ${file}: ${reason}`, {
    hint: 'fix the file by hand (or move it away) and run the command again; it was not changed',
    exitCode: 2,
    ...(cause === undefined ? {} : { cause }),
  });
}

function readSettings(path: string): SettingsDocument {
  if (!existsSync(path))
    return { file: path, exists: false, text: '', settings: {}, mode: undefined };
  let file: string;
  let stat: Stats;
  let bytes: Buffer;
  try {
    file = realpathSync(path);
    stat = statSync(file);
    if (!stat.isFile()) throw unparseable(path, 'it is not a regular file');
    if (stat.size > MAX_SETTINGS_BYTES)
      throw unparseable(
        path,
        `it is ${stat.size} bytes, over the ${MAX_SETTINGS_BYTES}-byte limit`,
      );
    bytes = readFileSync(file);
  } catch (error) {
    if (isHybridError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new HybridError('fs.not_readable', `cannot read ${path} (${code})`, {
      hint: 'check the file permissions',
      cause: error,
      exitCode: 2,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw unparseable(path, 'it is not UTF-8 text', error);
  }
  let settings: unknown;
  try {
    settings = JSON.parse(stripBom(text));
  } catch (error) {
    throw unparseable(path, `it is not valid JSON (${(error as Error).message})`, error);
  }
  const problem = settingsProblem(settings);
  if (problem !== undefined) throw unparseable(path, problem);
  return { file, exists: true, text, settings: settings as JsonObject, mode: stat.mode & 0o777 }; // settingsProblem() checked it is an object
}

export interface HooksWriteReport {
  /** The settings file (the link target when it is a symlink). */
  readonly file: string;
  /** False when the file already said exactly this: nothing was written. */
  readonly changed: boolean;
  /** True when the file did not exist before. */
  readonly created: boolean;
  /** Where the previous bytes were saved, when there were any and we changed them. */
  readonly backup: string | undefined;
}

export interface InstallHooksOptions {
  /** The settings file to edit (see settingsPath()). */
  readonly file: string;
  /** Decides how the daemon token is written: literally, or as `$CLAUDE_HYBRID_DAEMON_TOKEN` in project scope. */
  readonly scope: HookScope;
  readonly target: HookTarget;
  /** Which hooks Claude Code waits for (hooks-settings.ts). @default DEFAULT_LAYOUT */
  readonly layout?: HookLayout | undefined;
  /** Also register the status line (statusline-settings.ts), this command. @default none */
  readonly statusLine?: StatusLineInstall | undefined;
  /**
   * Write the hook handlers; false registers the status line alone (when the claude-hybrid
   * plugin brings the hooks). @default true
   */
  readonly hooks?: boolean | undefined;
  /** Work out the change and report it, but write nothing (`code --print`). @default false */
  readonly dryRun?: boolean | undefined;
}

export interface StatusLineInstall {
  /** The shell command Claude Code runs (statusLineCommand()). */
  readonly command: string;
  /**
   * Replace a status line of the user's (saved in the backup) instead of refusing.
   * @default false
   */
  readonly force?: boolean;
}

/**
 * Writes (or updates in place) our handler on every event. Safe to re-run. Project and local
 * settings reached through a symlink out of `.claude/` are refused (settings-containment.ts).
 */
export function installHooks(options: InstallHooksOptions): HooksWriteReport {
  validateTarget(options.target);
  assertSettingsContained(options.file, options.scope);
  const document = readSettings(options.file);
  // Refused before anything changes: a file we refuse is never written, hooks included.
  const statusLine = options.statusLine;
  if (
    statusLine !== undefined &&
    !applyStatusLine(document.settings, statusLine.command, statusLine.force === true)
  )
    throw new HybridError(
      'hooks.statusline_taken',
      `${options.file} already has a status line of its own: ${printable(foreignStatusLineCommand(document.settings), 200)}`,
      {
        hint: 'it was kept and nothing was written; to replace it: hooks install --statusline --force (the old file is saved as <file>.claude-hybrid.bak)',
        exitCode: 2,
      },
    );
  if (options.hooks !== false)
    applyHooks(document.settings, options.target, options.scope, options.layout);
  // The literal token lets any reader of the file post events to the daemon: keep it owner-only.
  const secret = options.target.mode === 'http' && options.scope !== 'project';
  return writeIfChanged(
    document,
    serializeLike(document.settings, document),
    secret ? 0o600 : undefined,
    options.dryRun === true,
  );
}

export interface HooksWriteReportWithCount extends HooksWriteReport {
  /** How many handlers of ours were removed. */
  readonly removed: number;
  /** True when our status line was removed too. */
  readonly statusLineRemoved: boolean;
}

/** Removes our handlers (and only ours). A missing file is left missing. */
export function uninstallHooks(options: {
  readonly file: string;
  /** @default 'user' (no containment check) */
  readonly scope?: HookScope;
}): HooksWriteReportWithCount {
  assertSettingsContained(options.file, options.scope ?? 'user');
  const document = readSettings(options.file);
  const unchanged = { file: document.file, changed: false, created: false, backup: undefined };
  if (!document.exists) return { ...unchanged, removed: 0, statusLineRemoved: false };
  const removed = removeHooks(document.settings);
  const statusLineRemoved = removeStatusLine(document.settings);
  if (removed === 0 && !statusLineRemoved) return { ...unchanged, removed, statusLineRemoved };
  return {
    ...writeIfChanged(document, serializeLike(document.settings, document), undefined, false),
    removed,
    statusLineRemoved,
  };
}

export interface ScopeStatus extends Partial<HooksInspection> {
  readonly scope: HookScope;
  readonly file: string;
  readonly exists: boolean;
  /** Set when the file cannot be read as Claude Code settings; the counts are then absent. */
  readonly problem?: string;
  /** The file's `statusLine`: ours, the user's (foreign), or none. */
  readonly statusLine?: StatusLineState;
}

/** What one scope's settings file holds of ours. Never throws for a bad file: it reports it. */
export function hooksStatus(options: {
  readonly file: string;
  readonly scope: HookScope;
}): ScopeStatus {
  const base = { scope: options.scope, file: options.file };
  try {
    const document = readSettings(options.file);
    return {
      ...base,
      exists: document.exists,
      ...inspectHooks(document.settings),
      statusLine: statusLineState(document.settings),
    };
  } catch (error) {
    if (!isHybridError(error) || error.code !== 'hooks.unparseable_settings') throw error;
    return { ...base, exists: true, problem: error.message };
  }
}

function writeIfChanged(
  document: SettingsDocument,
  text: string,
  forcedMode: number | undefined,
  dryRun: boolean,
): HooksWriteReport {
  const created = !document.exists;
  const mode = forcedMode ?? document.mode ?? 0o644;
  if (text === document.text && (document.mode === undefined || document.mode === mode))
    return { file: document.file, changed: false, created, backup: undefined };
  if (dryRun) return { file: document.file, changed: true, created, backup: undefined };
  // Claude Code may save the same file meanwhile (/permissions, /hooks): never write over that.
  assertUnchanged(
    document.file,
    document.exists ? document.text : undefined,
    'hooks.settings_changed',
  );
  let backup: string | undefined;
  // One backup per settings file, and only of the user's own content: a change to nothing but
  // our handlers (a new port) keeps the backup there is, so copies of the token do not pile up.
  if (document.exists && text !== document.text && !onlyOursChanged(document.text, text)) {
    backup = `${document.file}${BACKUP_SUFFIX}`;
    writeWithMode(backup, document.text, document.mode ?? 0o600);
  }
  try {
    mkdirSync(dirname(document.file), { recursive: true });
  } catch {
    // writeWithMode reports the folder that cannot be made, with the file's name
  }
  writeWithMode(document.file, text, mode); // an existing file keeps its bits exactly
  return { file: document.file, changed: true, created, backup };
}

/** True when the two settings texts differ only in our handlers (and formatting). */
function onlyOursChanged(before: string, after: string): boolean {
  try {
    const old = JSON.parse(stripBom(before)) as JsonObject;
    const next = JSON.parse(stripBom(after)) as JsonObject;
    // Both passed settingsProblem() (the old one when read, the new one is ours).
    const hadOurs = removeHooks(old) > 0;
    if (!removeStatusLine(old) && !hadOurs) return false;
    removeHooks(next);
    removeStatusLine(next);
    return JSON.stringify(old) === JSON.stringify(next);
  } catch {
    return false;
  }
}

/** Token characters that need no quoting in a header and contain no `$` Claude Code would expand. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{1,512}$/;

function validateTarget(target: HookTarget): void {
  const problem =
    target.mode === 'http'
      ? !Number.isInteger(target.port) || target.port < 1 || target.port > 65535
        ? `port ${target.port} is not between 1 and 65535`
        : !TOKEN_PATTERN.test(target.token)
          ? 'the daemon token has characters a header cannot carry safely'
          : undefined
      : [target.nodePath, target.relayPath, target.shellPath ?? '/'].some(
            (path) => !isAbsolute(path) || /[\r\n\0]/.test(path),
          )
        ? 'the node, relay and shell paths must be absolute, on one line'
        : undefined;
  if (problem !== undefined)
    throw new HybridError('hooks.bad_target', `cannot install hooks: ${problem}`, {
      hint: 'restart the daemon (claude-hybrid daemon start) so daemon.json is rewritten',
      exitCode: 2,
    });
}
