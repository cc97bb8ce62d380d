import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { catchError } from '../../test/support/catch-error.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import {
  BACKUP_SUFFIX,
  hooksStatus,
  installHooks,
  settingsPath,
  uninstallHooks,
} from './hooks-installer.js';
import type { HookTarget } from './hooks-settings.js';

// Where project and local settings may be written (settings-containment.ts), through the
// installer that checks it.
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/claude-settings/${name}`, import.meta.url));
const read = (file: string): string => readFileSync(file, 'utf8');
const HTTP: HookTarget = { mode: 'http', port: 47632, token: 'tok_abc123' };

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

describe('settings containment', () => {
  it('refuses local or project settings that a symlink leads out of .claude/, and writes nothing', () => {
    const tracked = join(root, 'package.json');
    writeFileSync(tracked, '{"name":"victim"}\n');
    symlinkSync('../package.json', file);
    for (const scope of ['local', 'project'] as const) {
      const error = catchError(HybridError, () => installHooks({ file, scope, target: HTTP }));
      expect(error).toMatchObject({ code: 'hooks.symlinked_settings', exitCode: 2 });
      expect(error.message).toContain('outside');
      expect(catchError(HybridError, () => uninstallHooks({ file, scope })).code).toBe(
        'hooks.symlinked_settings',
      );
    }
    expect(read(tracked)).toBe('{"name":"victim"}\n');
    expect(existsSync(`${tracked}${BACKUP_SUFFIX}`)).toBe(false);
  });

  it('refuses a .claude/ folder that is a symlink out of the project, even to a missing place', () => {
    const { dir: elsewhere, cleanup: cleanupElsewhere } = makeTempDir();
    try {
      const project = join(root, 'project');
      mkdirSync(project);
      symlinkSync(elsewhere, join(project, '.claude'));
      const local = settingsPath('local', { projectRoot: project, env: {} });
      const error = catchError(HybridError, () =>
        installHooks({ file: local, scope: 'local', target: HTTP }),
      );
      expect(error.code).toBe('hooks.symlinked_settings');
      expect(existsSync(join(elsewhere, 'settings.local.json'))).toBe(false);
      symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
      expect(
        catchError(HybridError, () =>
          installHooks({
            file: join(root, 'dangling', 'settings.json'),
            scope: 'project',
            target: HTTP,
          }),
        ).code,
      ).toBe('hooks.symlinked_settings');
    } finally {
      cleanupElsewhere();
    }
  });

  it('refuses local settings linked to the project settings, which the repository tracks', () => {
    writeFileSync(file, '{"model":"x"}\n');
    const local = join(dirname(file), 'settings.local.json');
    symlinkSync(basename(file), local);
    const error = catchError(HybridError, () =>
      installHooks({ file: local, scope: 'local', target: HTTP }),
    );
    expect(error).toMatchObject({ code: 'hooks.symlinked_settings', exitCode: 2 });
    expect(error.message).toContain('tracks');
    expect(read(file)).toBe('{"model":"x"}\n');
  });

  it('follows a symlink that stays inside .claude/', () => {
    const real = join(root, '.claude', 'real-settings.json');
    copyFileSync(fixture('no-hooks.json.txt'), real);
    symlinkSync('real-settings.json', file);
    installHooks({ file, scope: 'local', target: HTTP });
    expect(hooksStatus({ file: real, scope: 'local' }).missing).toEqual([]);
  });
});
