import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { createColors, renderTable } from './output.js';
import {
  createTerminalGuard,
  escapeControls,
  guardTarget,
  visibleLength,
} from './terminal-text.js';

const OSC_52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';

describe('escapeControls', () => {
  it.each([
    ['plain text, tabs\tand\nlines', 'plain text, tabs\tand\nlines'],
    ['crlf\r\nstays', 'crlf\r\nstays'],
    ['bare\rcarriage return', 'bare\\x0dcarriage return'],
    [`clip ${OSC_52} board`, 'clip \\x1b]52;c;ZWNobyBwd25lZA==\\x07 board'],
    ['\x1b[2J\x1b[31mRED', '\\x1b[2J\\x1b[31mRED'],
    ['nul\x00 del\x7f csi\x9b', 'nul\\x00 del\\u007f csi\\u009b'],
    ['unicode é 日本 \u2028 stays', 'unicode é 日本 \u2028 stays'],
  ])('%j', (text, expected) => {
    expect(escapeControls(text)).toBe(expected);
  });

  it('keeps JSON valid and equal when DEL and C1 characters pass through it', () => {
    const value = { text: 'a\x7fb\x85c\x9b\x1b' };
    const escaped = escapeControls(JSON.stringify(value));
    expect(escaped).toBe(escapeControls(escaped)); // nothing left to escape
    expect(JSON.parse(escaped)).toEqual(value);
  });
});

describe('the terminal guard', () => {
  it("lets the CLI's own sequences through and escapes everything else", () => {
    const guard = createTerminalGuard(() => 'fixed-id-for-the-test');
    const colors = createColors(true, guard.esc);
    const cleaned = guard.clean(`${colors.bold('name')} \x1b[2J ${colors.control('[2K')}`);
    expect(cleaned).toBe('\x1b[1mname\x1b[22m \\x1b[2J \x1b[2K');
  });

  it('cannot be spoofed: a marker from another run is not this run’s', () => {
    const spoof = createTerminalGuard(() => 'attacker').esc;
    const guard = createTerminalGuard();
    expect(guard.clean(`${spoof}[2J`)).not.toContain('\x1b');
  });

  it('wraps a target, reading isTTY and columns through', () => {
    let written = '';
    const target = guardTarget(
      { write: (chunk: string) => (written += chunk), isTTY: true, columns: 80 },
      createTerminalGuard(),
    );
    target.write(`a${OSC_52}`);
    expect(written).toBe('a\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
    expect([target.isTTY, target.columns]).toEqual([true, 80]);
  });

  it('measures and pads table cells by what shows, colour or not', () => {
    const colors = createColors(true, createTerminalGuard().esc);
    expect(visibleLength(colors.bold('abc'))).toBe(3);
    const table = renderTable(['NAME', 'X'], [[colors.bold('engineer'), 'y']]);
    const [header, row] = table.split('\n');
    expect(header?.indexOf('X')).toBe(10);
    expect(visibleLength(row ?? '')).toBe(11);
  });
});

describe('runCli output', () => {
  it('escapes control characters in error messages from the command line or files', async () => {
    let stderr = '';
    const code = await runCli([`no-such-${OSC_52}`], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
      env: {},
      cwd: '/',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('\\x1b]52');
    expect(stderr).not.toContain('\x1b');
  });
});
