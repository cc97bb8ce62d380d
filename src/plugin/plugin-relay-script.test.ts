import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { pluginRelayScript } from './plugin-relay-script.js';

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  writeFileSync(join(root, 'relay.sh'), pluginRelayScript());
});
afterEach(() => {
  cleanup();
});

/** Runs the plugin's relay for `event` with only `path` (and the system) on PATH. */
function relay(event: string, path: string): string {
  return execFileSync('sh', [join(root, 'relay.sh'), event], {
    env: { PATH: `${path}:/usr/bin:/bin`, HOME: root, CLAUDE_HYBRID_HOME: join(root, 'hh') },
    input: '{}',
    encoding: 'utf8',
  });
}

/** A global install: `bin/claude-hybrid` a relative link to the package's dist/cli.cjs. */
function install(): string {
  const dist = join(root, 'lib', 'node_modules', 'claude-hybrid', 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'cli.cjs'), '', { mode: 0o755 }); // command -v needs it executable
  writeFileSync(join(dist, 'daemon-address.sh'), 'pid=$$\n'); // a live process: no daemon start
  writeFileSync(join(dist, 'hook-relay.sh'), 'echo "relayed $1 with $2 from $(cat)"\n');
  mkdirSync(join(root, 'bin'));
  symlinkSync('../lib/node_modules/claude-hybrid/dist/cli.cjs', join(root, 'bin', 'claude-hybrid'));
  return join(root, 'bin');
}

describe("the plugin's hook relay", () => {
  it('without the package, SessionStart says in one line how to install it; other events are silent', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const start = relay('SessionStart', empty);
    expect(start.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(start)).toEqual({
      systemMessage: expect.stringContaining('npm install -g claude-hybrid') as unknown,
    });
    expect(relay('PreToolUse', empty)).toBe('');
  });

  it("follows the claude-hybrid on PATH to the package's relay, the hook input on stdin", () => {
    const bin = install();
    expect(relay('PostToolUse', bin)).toBe('relayed PostToolUse with node from {}\n');
    expect(relay('SessionStart', bin)).toBe('relayed SessionStart with node from {}\n');
  });

  it('notes the package SessionStart found, and later events use it without looking again', () => {
    const bin = install();
    mkdirSync(join(root, 'hh'));
    expect(relay('SessionStart', bin)).toBe('relayed SessionStart with node from {}\n');
    const noted = join(root, 'hh', 'plugin-dist');
    expect(readFileSync(noted, 'utf8')).toBe(
      `${join(root, 'bin')}/../lib/node_modules/claude-hybrid/dist\n`,
    );
    expect(statSync(noted).mode & 0o777).toBe(0o600);
    // With the link gone, the note still leads to the package; SessionStart looks again.
    rmSync(join(bin, 'claude-hybrid'));
    expect(relay('PostToolUse', bin)).toBe('relayed PostToolUse with node from {}\n');
    expect(relay('SessionStart', bin)).toMatch(/not on PATH/);
    expect(relay('PostToolUse', bin)).toBe('');
    // A note that leads nowhere is ignored.
    writeFileSync(noted, '/nowhere\n');
    expect(relay('PreToolUse', bin)).toBe('');
  });
});
