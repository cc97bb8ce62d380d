import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { catchError } from '../../test/support/catch-error.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import {
  BACKUP_SUFFIX,
  MAX_SETTINGS_BYTES,
  hooksStatus,
  installHooks,
  settingsPath,
  uninstallHooks,
} from './hooks-installer.js';
import { HOOK_EVENTS, isOurHandler } from './hooks-settings.js';
import type { HookLayout, HookTarget, JsonObject } from './hooks-settings.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/claude-settings/${name}`, import.meta.url));
const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');
const read = (file: string): string => readFileSync(file, 'utf8');

const HTTP: HookTarget = { mode: 'http', port: 47632, token: 'tok_abc123' };
const HTTP_NEW_PORT: HookTarget = { mode: 'http', port: 51000, token: 'tok_rotated' };
const ALL: HookLayout = { blocking: 'all', policyTools: ['Bash'] };
const COMMAND: HookTarget = {
  mode: 'command',
  nodePath: '/usr/bin/node',
  relayPath: '/opt/claude-hybrid/dist/hook-relay.cjs',
};

type Settings = Record<string, unknown> & { hooks?: Record<string, { hooks: unknown[] }[]> };

/** Every key of `before` kept in order and unchanged, and every user hook group kept in order. */
function expectPreserved(before: Settings, after: Settings): void {
  expect(Object.keys(after)).toEqual(Object.keys(before));
  for (const key of Object.keys(before))
    if (key !== 'hooks') expect(JSON.stringify(after[key])).toBe(JSON.stringify(before[key]));
  for (const [event, groups] of Object.entries(before.hooks ?? {})) {
    const userGroups = (after.hooks?.[event] ?? []).filter(
      (group) => !group.hooks.every((handler) => isOurHandler(handler)),
    );
    expect(userGroups).toEqual(groups);
  }
}
function groupsOf(file: string, event: string): { matcher?: string; hooks: JsonObject[] }[] {
  const parsed = JSON.parse(read(file)) as { hooks: Record<string, never[]> };
  return parsed.hooks[event] ?? [];
}

let root: string;
let cleanup: () => void;
let file: string;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  mkdirSync(join(root, '.claude'));
  file = join(root, '.claude', 'settings.json');
});
afterEach(() => {
  cleanup();
});

const useFixture = (name: string): string => {
  copyFileSync(fixture(name), file);
  return read(file);
};

describe('settingsPath', () => {
  it('project and local live in the project; user follows CLAUDE_CONFIG_DIR, else HOME', () => {
    const env = { HOME: join(root, 'home') };
    expect(settingsPath('project', { projectRoot: root, env })).toBe(
      join(root, '.claude', 'settings.json'),
    );
    expect(settingsPath('local', { projectRoot: root, env })).toBe(
      join(root, '.claude', 'settings.local.json'),
    );
    expect(settingsPath('user', { projectRoot: root, env })).toBe(
      join(root, 'home', '.claude', 'settings.json'),
    );
    const configured = { ...env, CLAUDE_CONFIG_DIR: join(root, 'cc') };
    expect(settingsPath('user', { projectRoot: root, env: configured })).toBe(
      join(root, 'cc', 'settings.json'),
    );
  });
});

describe('install', () => {
  it('adds ours and keeps every other key, its order and the user hooks, 2-space + newline', () => {
    const original = useFixture('with-user-hooks.json.txt');
    const report = installHooks({ file, scope: 'local', target: HTTP });
    expect(report).toMatchObject({
      changed: true,
      created: false,
      backup: `${file}${BACKUP_SUFFIX}`,
    });
    const text = read(file);
    expectPreserved(JSON.parse(original) as Settings, JSON.parse(text) as Settings);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "permissions": {\n    "deny": [\n');
    expect(groupsOf(file, 'Stop')[0]?.hooks[0]?.command).toBe(
      'afplay /System/Library/Sounds/Glass.aiff',
    );
    expect(groupsOf(file, 'Stop')[1]?.hooks[0]?.url).toBe('http://127.0.0.1:47632/hooks/Stop');
    const parsed = JSON.parse(text) as { hooks: object };
    expect(Object.keys(parsed.hooks).slice(0, 3)).toEqual(['Stop', 'PreToolUse', 'PostToolUse']);
  });

  it('is idempotent: the second run writes nothing and the bytes are equal', () => {
    const original = useFixture('with-user-hooks.json.txt');
    installHooks({ file, scope: 'local', target: HTTP });
    const first = read(file);
    const again = installHooks({ file, scope: 'local', target: HTTP });
    expect(again).toMatchObject({ changed: false, backup: undefined });
    expect(read(file)).toBe(first);
    expect(read(`${file}${BACKUP_SUFFIX}`)).toBe(original); // not overwritten by the no-op
  });

  it('keeps a byte-for-byte backup of the file before the change', () => {
    useFixture('with-user-hooks.json.txt');
    const before = sha256(file);
    installHooks({ file, scope: 'local', target: HTTP });
    expect(sha256(`${file}${BACKUP_SUFFIX}`)).toBe(before);
  });

  it('switching mode, port or token updates ours in place, one per event', () => {
    useFixture('with-user-hooks.json.txt');
    installHooks({ file, scope: 'local', target: HTTP, layout: ALL });
    installHooks({ file, scope: 'local', target: COMMAND, layout: ALL });
    const pre = groupsOf(file, 'PreToolUse');
    expect(pre.map((group) => group.matcher)).toEqual(['Bash', '*']);
    expect(pre[1]?.hooks).toEqual([
      {
        type: 'command',
        command:
          '"/usr/bin/node" "/opt/claude-hybrid/dist/hook-relay.cjs" PreToolUse # claude-hybrid',
        timeout: 5,
      },
    ]);
    expect(read(file)).not.toContain('"type": "http"');
    installHooks({ file, scope: 'local', target: HTTP_NEW_PORT, layout: ALL });
    const status = hooksStatus({ file, scope: 'local' });
    expect(status.installed?.map((hook) => hook.port)).toEqual(HOOK_EVENTS.map(() => 51000));
    expect(status.duplicates).toEqual([]);
    expect(read(file)).toContain('Bearer tok_rotated');
    expect(read(file)).not.toContain('tok_abc123');
  });

  it('collapses duplicates of ours and keeps the user http hook', () => {
    useFixture('with-duplicates.json.txt');
    expect(hooksStatus({ file, scope: 'local' }).duplicates).toEqual(['PreToolUse']);
    installHooks({ file, scope: 'local', target: HTTP });
    const pre = groupsOf(file, 'PreToolUse');
    // The policy tool's PreToolUse, then every other tool's, then the user's.
    expect(pre.map((group) => [group.matcher, group.hooks[0]?.url])).toEqual([
      ['Bash', 'http://127.0.0.1:47632/hooks/PreToolUse'],
      ['^(?!(?:Bash)$)', 'http://127.0.0.1:47632/hooks/PreToolUse'],
      ['Bash', 'https://audit.example.com/claude'],
    ]);
    expect(hooksStatus({ file, scope: 'local' }).duplicates).toEqual([]);
  });

  it('creates a missing file and its directory', () => {
    const userFile = join(root, 'cc', 'settings.json');
    const report = installHooks({ file: userFile, scope: 'user', target: COMMAND });
    expect(report).toMatchObject({ changed: true, created: true, backup: undefined });
    expect(Object.keys(JSON.parse(read(userFile)) as object)).toEqual(['hooks']);
    expect(read(userFile).endsWith('\n')).toBe(true);
  });

  it('keeps 4-space indentation, CRLF line endings and a byte-order mark', () => {
    const original = useFixture('four-space-crlf.json.txt');
    writeFileSync(file, `\uFEFF${original}`);
    installHooks({ file, scope: 'local', target: HTTP });
    const text = read(file);
    expect(text.startsWith('\uFEFF{\r\n    "permissions"')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    uninstallHooks({ file });
    expect(read(file)).toBe(`\uFEFF${original}`);
  });

  it('user and local scope with a literal token are owner-only; project never holds it', () => {
    useFixture('no-hooks.json.txt');
    chmodSync(file, 0o640);
    installHooks({ file, scope: 'user', target: HTTP });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}${BACKUP_SUFFIX}`).mode & 0o777).toBe(0o640);
    const project = join(root, '.claude', 'project.json');
    copyFileSync(fixture('no-hooks.json.txt'), project);
    chmodSync(project, 0o644);
    installHooks({ file: project, scope: 'project', target: HTTP });
    expect(statSync(project).mode & 0o777).toBe(0o644);
    expect(read(project)).not.toContain('tok_abc123');
    expect(read(project)).toContain('"allowedEnvVars": [\n');
  });

  it('edits the target of a symlinked settings file and keeps the link', () => {
    const dotfile = join(root, 'dotfiles-settings.json');
    copyFileSync(fixture('no-hooks.json.txt'), dotfile);
    symlinkSync(dotfile, file);
    installHooks({ file, scope: 'user', target: COMMAND });
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(hooksStatus({ file: dotfile, scope: 'user' }).missing).toEqual([]);
  });

  it('keeps a compact (one-line) file on one line, so install then uninstall gives its bytes back', () => {
    const original = '{"permissions":{"allow":["Bash(ls)"]},"model":"x"}';
    writeFileSync(file, original);
    installHooks({ file, scope: 'local', target: HTTP });
    expect(read(file).split('\n')).toHaveLength(1);
    uninstallHooks({ file });
    expect(read(file)).toBe(original);
  });

  it('survives prototype keys without polluting anything', () => {
    const original = useFixture('prototype-key.json.txt');
    installHooks({ file, scope: 'local', target: HTTP });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(read(file)).toContain('"__proto__": {\n    "polluted": true\n  }');
    uninstallHooks({ file });
    expect(read(file)).toBe(original);
  });

  it('refuses a bad target before touching the file', () => {
    const original = useFixture('no-hooks.json.txt');
    const badToken = catchError(HybridError, () =>
      installHooks({ file, scope: 'user', target: { ...HTTP, token: 'a$HOME' } }),
    );
    expect(badToken.code).toBe('hooks.bad_target');
    const relative = { ...COMMAND, relayPath: 'dist/hook-relay.cjs' } as const;
    expect(
      catchError(HybridError, () => installHooks({ file, scope: 'user', target: relative }))
        .exitCode,
    ).toBe(2);
    expect(read(file)).toBe(original);
  });
});

describe('refusing files we cannot edit safely', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['malformed.json.txt', () => useFixture('malformed.json.txt'), /not valid JSON/],
    [
      'hooks-not-object.json.txt',
      () => useFixture('hooks-not-object.json.txt'),
      /"hooks" is not an object/,
    ],
    [
      'event-not-array.json.txt',
      () => useFixture('event-not-array.json.txt'),
      /"hooks.PreToolUse" is not an array/,
    ],
    ['top-level-array.json.txt', () => useFixture('top-level-array.json.txt'), /not a JSON object/],
    [
      'non-UTF-8 bytes',
      () => {
        writeFileSync(file, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      },
      /not UTF-8/,
    ],
    [
      'over 5 MB',
      () => {
        writeFileSync(file, `{"padding": "${'x'.repeat(MAX_SETTINGS_BYTES)}"}`);
      },
      /over the/,
    ],
  ];
  for (const [name, setUp, reason] of cases)
    it(`${name}: hooks.unparseable_settings, exit 2, file byte-for-byte untouched`, () => {
      setUp();
      const before = sha256(file);
      for (const action of [
        () => installHooks({ file, scope: 'local', target: HTTP }),
        () => uninstallHooks({ file }),
      ]) {
        const error = catchError(HybridError, action);
        expect(error.code).toBe('hooks.unparseable_settings');
        expect(error.exitCode).toBe(2);
        expect(error.message).toMatch(reason);
      }
      expect(sha256(file)).toBe(before);
      expect(existsSync(`${file}${BACKUP_SUFFIX}`)).toBe(false);
      expect(hooksStatus({ file, scope: 'local' }).problem).toMatch(reason);
    });
});

describe('uninstall', () => {
  for (const name of [
    'with-user-hooks.json.txt',
    'no-hooks.json.txt',
    'user-empty-event.json.txt',
    'with-duplicates.json.txt',
  ])
    it(`install then uninstall restores ${name} byte for byte (minus our duplicates)`, () => {
      const original = useFixture(name);
      installHooks({ file, scope: 'local', target: HTTP });
      installHooks({ file, scope: 'local', target: COMMAND });
      const report = uninstallHooks({ file });
      expect(report.removed).toBe(HOOK_EVENTS.length + 1); // PreToolUse: the policy's and the rest
      // Only our handlers changed: the one backup keeps the user's file from before the first
      // install, and is not overwritten with a copy holding the token.
      expect(report.backup).toBeUndefined();
      if (name !== 'with-duplicates.json.txt') {
        expect(read(file)).toBe(original);
        expect(read(`${file}${BACKUP_SUFFIX}`)).toBe(original);
        return;
      }
      expect(existsSync(`${file}${BACKUP_SUFFIX}`)).toBe(false);
      const before = JSON.parse(original) as { hooks: { PreToolUse: unknown[] } };
      const userOnly = { hooks: { PreToolUse: before.hooks.PreToolUse.slice(2) } };
      expect(read(file)).toBe(`${JSON.stringify(userOnly, null, 2)}\n`);
    });

  it('an empty "hooks" or event list the user had cannot be told from ours: it goes too', () => {
    // Known limit: no state is kept, and an empty list or object means the same to Claude Code.
    const original = useFixture('empty-hooks.json.txt');
    installHooks({ file, scope: 'local', target: HTTP });
    uninstallHooks({ file });
    const { hooks, ...rest } = JSON.parse(original) as Settings;
    expect(hooks).toEqual({});
    expect(read(file)).toBe(`${JSON.stringify(rest, null, 2)}\n`);
  });

  it('leaves a file without ours alone, and a missing file missing', () => {
    useFixture('with-user-hooks.json.txt');
    const before = statSync(file).mtimeMs;
    expect(uninstallHooks({ file })).toMatchObject({ changed: false, removed: 0 });
    expect(statSync(file).mtimeMs).toBe(before);
    const missing = join(root, 'nowhere', 'settings.json');
    expect(uninstallHooks({ file: missing }).changed).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });
});
