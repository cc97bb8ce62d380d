/**
 * The browser side of the page's tests: the page built once per test file into a temp folder,
 * one Chromium (Debian's) shared by a file's tests, and withPage(), which signs a fresh browser
 * context in to a fresh real daemon (dashboard-daemon.ts) holding the data asked for. Call
 * setUpPages() and tearDownPages() from the file's beforeAll and afterAll.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../../test/support/chromium.js';
import { pageHeaders } from '../../sign-in-page.js';
import { startDashboardDaemon } from './dashboard-daemon.js';
import type { DashboardDaemon } from './dashboard-daemon.js';
import { appendCalls, appendHistory, recordScene } from './recorded-scene.js';
import type { Scene } from './recorded-scene.js';

export { CHROMIUM } from '../../../../test/support/chromium.js';
const ROOT = join(import.meta.dirname, '../../../..');
const HOUR_MS = 3_600_000;

let workDir: string | undefined;
let browser: Browser | undefined;

/** Builds the page (scripts/build-dashboard.mjs) for this file's tests. */
export function setUpPages(): void {
  workDir = mkdtempSync(join(tmpdir(), 'dashboard-ui-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-dashboard.mjs'), builtPage()], {
    cwd: ROOT,
  });
}

export async function tearDownPages(): Promise<void> {
  await browser?.close();
  browser = undefined;
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
}

function builtPage(): string {
  if (workDir === undefined) throw new Error('call setUpPages() in beforeAll first');
  return join(workDir, 'dashboard');
}

async function launch(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}

export type Data =
  /** The recorded scene (recorded-scene.ts). */
  | 'scene'
  /** A project with this many events of history, nothing else. */
  | { readonly history: number }
  /** A project the daemon knows (registered by the link) with no events. */
  | 'empty-project'
  /** No project at all: a new install. */
  | 'nothing'
  /** Model calls in `costBuckets` consecutive hours (the Cost view's charts). */
  | { readonly costBuckets: number };

export interface PageOptions {
  /** @default 'scene' */
  readonly data?: Data;
  /** The view to open after signing in, e.g. `#/cost` (the project is added). */
  readonly hash?: string;
  /** The browser's colour scheme. @default false */
  readonly dark?: boolean;
}

export interface Harness {
  readonly page: Page;
  readonly daemon: DashboardDaemon;
  /** Set for the 'scene' data. */
  readonly scene: Scene | null;
  /** Requests the daemon received whose URL starts with `prefix`. */
  readonly requestsTo: (prefix: string) => DashboardDaemon['requests'];
}

/**
 * A signed-in page on a fresh daemon holding `data`; both are closed when `body` ends. The page
 * must raise no error, dialog or Content-Security-Policy violation.
 */
export async function withPage(
  options: PageOptions,
  body: (harness: Harness) => Promise<void>,
): Promise<void> {
  const daemon = await startDashboardDaemon({ dashboardDir: builtPage() });
  const data = options.data ?? 'scene';
  let scene: Scene | null = null;
  if (data === 'scene') scene = await recordScene(daemon);
  else if (typeof data === 'object' && 'history' in data) appendHistory(daemon.store, data.history);
  else if (typeof data === 'object') {
    // One small call in the newest hour; with more buckets, a haiku and a sonnet call an hour.
    const now = Date.now();
    const hours = Array.from(
      { length: data.costBuckets },
      (_, index) => data.costBuckets - 1 - index,
    );
    appendCalls(daemon.store, [
      ...hours.map((hour) => ({
        run: `run-haiku-${String(hour)}`,
        agent: 'reviewer',
        model: 'claude-haiku-4-5',
        costUsd: 0.00008,
        ts: now - hour * HOUR_MS,
      })),
      ...(data.costBuckets === 1
        ? []
        : hours.map((hour) => ({
            run: `run-sonnet-${String(hour)}`,
            agent: 'coder',
            model: 'claude-sonnet-5',
            costUsd: Math.round(21 * (1.2 + Math.sin(hour / 4))) / 10_000,
            ts: now - hour * HOUR_MS,
          }))),
    ]);
  }
  const context = await (
    await launch()
  ).newContext({
    viewport: { width: 1360, height: 860 },
    colorScheme: options.dark === true ? 'dark' : 'light',
  });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const errors: string[] = [];
  // Injected by the browser's DevTools protocol, not the page: the policy does not apply to it.
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (event) => console.error('Content Security Policy violation: ' + event.violatedDirective))",
  });

  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  try {
    const link = await daemon.link(data === 'nothing' ? undefined : daemon.project);
    const signedIn = await page.goto(link);
    expect(signedIn?.status()).toBe(200);
    // The page itself came with the daemon's policy.
    expect(await signedIn?.headerValue('content-security-policy')).toBe(
      pageHeaders()['content-security-policy'],
    );
    expect(new URL(page.url()).hash).toMatch(
      data === 'nothing' ? /^#\/live/ : /^#\/live\?project=/,
    );
    if (options.hash !== undefined) {
      const target = new URL(page.url());
      target.hash = `${options.hash}?project=${encodeURIComponent(daemon.project)}`;
      await page.goto(target.toString());
    }
    await body({
      page,
      daemon,
      scene,
      requestsTo: (prefix) => daemon.requests.filter((request) => request.url.startsWith(prefix)),
    });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await daemon.close();
  }
}

/** The header's connection indicator: idle, connecting, live, reconnecting or offline. */
export const liveState = (page: Page) => page.locator('#connection').getAttribute('data-state');
