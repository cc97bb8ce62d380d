import { describe, expect, it } from 'vitest';
import { browserCommand } from './open-browser.js';

describe('browserCommand', () => {
  it('uses $BROWSER, then the platform opener, and nothing on a Linux machine without a display', () => {
    expect(browserCommand('http://x', { BROWSER: 'firefox' }, 'linux')).toEqual({
      command: 'firefox',
      args: ['http://x'],
    });
    expect(browserCommand('http://x', {}, 'darwin')).toEqual({
      command: 'open',
      args: ['http://x'],
    });
    expect(browserCommand('http://x', { PATH: '/usr/bin:/bin' }, 'linux')).toBeUndefined();
    expect(browserCommand('http://x', { DISPLAY: ':0', PATH: '' }, 'linux')).toBeUndefined();
  });
});
