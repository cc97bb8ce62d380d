/**
 * Opens a URL in the user's browser where there is one to open: `$BROWSER` when set, else the
 * platform's opener (`open` on macOS, `start` on Windows, `xdg-open` on a Linux desktop). On a
 * machine without a display (a server, CI, an SSH session) nothing is started and the caller
 * just prints the link.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** The command that would open `url`, or undefined when there is no browser to open. */
export function browserCommand(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[] } | undefined {
  const browser = env.BROWSER?.trim();
  if (browser !== undefined && browser !== '') return { command: browser, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  const desktop = (env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '';
  return desktop && onPath('xdg-open', env) ? { command: 'xdg-open', args: [url] } : undefined;
}

/** Starts the browser (detached; its output is not ours). Whether one was started. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const opener = browserCommand(url, env);
  if (opener === undefined) return false;
  try {
    const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // a missing opener is not a failure: the link is printed
    child.unref();
    return true;
  } catch {
    return false;
  }
}
