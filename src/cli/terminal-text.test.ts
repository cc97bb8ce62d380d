import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { runCli } from './run-cli.js';
import { createColors, renderTable } from './output.js';
import {
  createTerminalGuard,
  escapeControls,
  fitWidth,
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

describe('visibleLength and fitWidth', () => {
  const colors = createColors(true, createTerminalGuard().esc);

  it.each([
    ['plain', 5],
    ['café', 4],
    ['cafe\u0301', 4], // e + combining acute
    ['日本語', 6],
    ['ﾊﾝｶｸ', 4], // halfwidth katakana stays narrow
    ['한글', 4],
    ['ok 🚀', 5],
    ['👍🏽', 2], // the skin-tone modifier is drawn into the emoji
    ['a\u200bb', 2],
  ])('%j takes %i columns', (text, columns) => {
    expect(visibleLength(text)).toBe(columns);
    expect(visibleLength(colors.bold(text))).toBe(columns);
  });

  it('cuts by columns, ending in an ellipsis, and keeps the colour closed', () => {
    expect(fitWidth('abcdef', 6)).toBe('abcdef');
    expect(fitWidth('abcdef', 4)).toBe('abc…');
    expect(fitWidth('日本語テキスト', 7)).toBe('日本語…');
    const cut = fitWidth(colors.red('abcdefgh'), 5);
    expect(visibleLength(cut)).toBe(5);
    const guard = createTerminalGuard(() => 'fixed');
    expect(guard.clean(fitWidth(createColors(true, guard.esc).red('abcdefgh'), 5))).toBe(
      '\x1b[31mabcd…\x1b[39m',
    );
  });
});

/**
 * Columns of colourless test text, counted independently of visibleLength: the CJK and emoji in
 * these tests take two, everything else one.
 */
function columnsOf(plain: string): number {
  let columns = 0;
  for (const char of plain)
    columns += /[\u3040-\u9fff]|\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  return columns;
}

describe('renderTable', () => {
  /** Where each cell of each line starts, in columns (cells here hold no spaces). */
  function columnStarts(table: string): number[][] {
    // eslint-disable-next-line no-control-regex -- removing the colours is the point
    const plainLines = table.split('\n').map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''));
    return plainLines.map((plain) => {
      const starts: number[] = [];
      let column = 0;
      let previous = ' ';
      for (const char of plain) {
        if (previous === ' ' && char !== ' ') starts.push(column);
        column += columnsOf(char);
        previous = char;
      }
      return starts;
    });
  }

  it('aligns columns by what shows: colour, wide characters and emoji', () => {
    const guard = createTerminalGuard(() => 'fixed');
    const colors = createColors(true, guard.esc);
    const headers = ['NAME', 'MODEL', 'NOTE'];
    const table = guard.clean(
      renderTable(
        headers,
        [
          [colors.bold('engineer'), colors.dim('opus'), 'ascii'],
          [colors.bold('日本語'), 'haiku', colors.yellow('🚀launch')],
          ['qa', colors.green('sonnet'), 'ok'],
        ],
        40,
      ),
    );
    const starts = columnStarts(table);
    for (const row of starts) expect(row).toEqual(starts[0]);
    expect(starts[0]).toEqual([0, 10, 18]);
  });

  it('cuts the last column to the width it is given, counting what shows', () => {
    const colors = createColors(true, createTerminalGuard().esc);
    const table = renderTable(['A', 'DESCRIPTION'], [['x', colors.dim('界'.repeat(40))]], 30);
    for (const line of table.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(30);
  });
});

describe('runCli output', () => {
  it('keeps the agents list columns aligned with colour forced on', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const project = join(dir, 'project');
      mkdirSync(join(project, '.claude-hybrid', 'agents'), { recursive: true });
      writeFileSync(
        join(project, '.claude-hybrid', 'agents', 'translator.md'),
        '---\nname: translator\ndescription: 翻訳します: Japanese ⇄ English 🚀\nkeywords: [日本語, i18n]\n---\nTranslate.\n',
      );
      let stdout = '';
      const code = await runCli(['agents', 'list', '--color'], {
        stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false, columns: 120 },
        stderr: { write: () => true, isTTY: false },
        env: { HOME: dir, CLAUDE_HYBRID_HOME: join(dir, '.claude-hybrid') },
        cwd: project,
      });
      expect(code).toBe(0);
      expect(stdout).toContain('\x1b[1m'); // bold names: colour is on
      // eslint-disable-next-line no-control-regex -- removing the colours is the point
      const lines = stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      const header = lines[0] ?? '';
      const rows = lines.filter((line) => / (bundled|project) /.test(line));
      expect(rows.length).toBeGreaterThan(10);
      // Each row's SCOPE and DESCRIPTION start where their headers do, in columns.
      for (const name of ['SCOPE', 'DESCRIPTION'] as const) {
        const at = header.indexOf(name);
        for (const row of rows) {
          const cells = row.split(/ {2,}/);
          const index = name === 'SCOPE' ? 3 : 5;
          const start = row.indexOf(`  ${cells[index] ?? ''}`) + 2;
          expect(columnsOf(row.slice(0, start)), `${name} in ${row}`).toBe(at);
        }
      }
      for (const line of lines) expect(columnsOf(line), line).toBeLessThanOrEqual(120);
    } finally {
      cleanup();
    }
  });

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
