import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { HybridError } from '../errors.js';
import { BACKUP_SUFFIX, hooksStatus, installHooks, uninstallHooks } from './hooks-installer.js';
import type { HookTarget } from './hooks-settings.js';
import {
  applyStatusLine,
  removeStatusLine,
  statusLineCommand,
  statusLineState,
} from './statusline-settings.js';

const TARGET: HookTarget = { mode: 'http', port: 47632, token: 'tok_abc123' };
const COMMAND = statusLineCommand({
  nodePath: '/usr/bin/node',
  relayPath: '/opt/claude hybrid/dist/statusline.sh',
  shellPath: '/bin/sh',
});
const USERS = { type: 'command', command: '~/.claude/my-status.sh' };

let temp: { dir: string; cleanup: () => void };
let file: string;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-statusline-');
  file = join(temp.dir, 'settings.json');
});
afterEach(() => {
  temp.cleanup();
});
const read = (): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the statusLine entry', () => {
  it('runs the shell relay with node, quoted, marked as ours', () => {
    expect(COMMAND).toBe(
      '"/bin/sh" "/opt/claude hybrid/dist/statusline.sh" "/usr/bin/node" # claude-hybrid',
    );
    expect(statusLineCommand({ nodePath: 'C:/node.exe', relayPath: 'C:/d/statusline.cjs' })).toBe(
      '"C:/node.exe" "C:/d/statusline.cjs" # claude-hybrid',
    );
  });

  it("is set, replaced and removed when ours, and kept when the user's", () => {
    const settings: Record<string, unknown> = { theme: 'dark' };
    expect(statusLineState(settings)).toBe('none');
    expect(applyStatusLine(settings, COMMAND, false)).toBe(true);
    expect(settings.statusLine).toEqual({ type: 'command', command: COMMAND, padding: 0 });
    expect(statusLineState(settings)).toBe('ours');
    expect(removeStatusLine(settings)).toBe(true);
    expect(settings).toEqual({ theme: 'dark' });

    const users: Record<string, unknown> = { statusLine: { ...USERS } };
    expect(statusLineState(users)).toBe('foreign');
    expect(applyStatusLine(users, COMMAND, false)).toBe(false);
    expect(removeStatusLine(users)).toBe(false);
    expect(users.statusLine).toEqual(USERS);
    expect(applyStatusLine(users, COMMAND, true)).toBe(true);
    expect(statusLineState(users)).toBe('ours');
  });
});

describe('hooks install --statusline', () => {
  it('writes the status line with the hooks; uninstall removes both, status reports it', () => {
    writeFileSync(file, `${JSON.stringify({ model: 'opus' }, null, 2)}\n`);
    installHooks({ file, scope: 'user', target: TARGET, statusLine: { command: COMMAND } });
    expect(read().statusLine).toEqual({ type: 'command', command: COMMAND, padding: 0 });
    expect(hooksStatus({ file, scope: 'user' }).statusLine).toBe('ours');
    // A second install changes no byte.
    expect(
      installHooks({ file, scope: 'user', target: TARGET, statusLine: { command: COMMAND } })
        .changed,
    ).toBe(false);
    const report = uninstallHooks({ file, scope: 'user' });
    expect(report).toMatchObject({ statusLineRemoved: true, changed: true });
    expect(read()).toEqual({ model: 'opus' });
    expect(hooksStatus({ file, scope: 'user' }).statusLine).toBe('none');
  });

  it("refuses to replace the user's status line, writing nothing, unless forced", () => {
    const before = `${JSON.stringify({ statusLine: USERS }, null, 2)}\n`;
    writeFileSync(file, before);
    const error = catchError(HybridError, () =>
      installHooks({ file, scope: 'user', target: TARGET, statusLine: { command: COMMAND } }),
    );
    expect(error).toMatchObject({ code: 'hooks.statusline_taken', exitCode: 2 });
    expect(error.message).toContain('~/.claude/my-status.sh');
    expect(error.hint).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(before); // not even the hooks
    expect(hooksStatus({ file, scope: 'user' }).statusLine).toBe('foreign');

    // Without --statusline the user's status line is no concern of ours.
    installHooks({ file, scope: 'user', target: TARGET });
    expect(read().statusLine).toEqual(USERS);
    uninstallHooks({ file, scope: 'user' });
    expect(read().statusLine).toEqual(USERS);

    const forced = installHooks({
      file,
      scope: 'user',
      target: TARGET,
      statusLine: { command: COMMAND, force: true },
    });
    expect(read().statusLine).toMatchObject({ command: COMMAND });
    expect(forced.backup).toBe(`${file}${BACKUP_SUFFIX}`);
    expect(existsSync(`${file}${BACKUP_SUFFIX}`)).toBe(true);
    expect(
      (JSON.parse(readFileSync(`${file}${BACKUP_SUFFIX}`, 'utf8')) as { statusLine: unknown })
        .statusLine,
    ).toEqual(USERS);
  });
});
