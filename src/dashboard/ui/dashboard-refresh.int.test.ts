/**
 * The views other than Live follow the project while they are open, in Chromium against the real
 * daemon: a run recorded after the page opened appears in the Runs list within about a second,
 * the Cost total follows new calls with its charts kept, and a burst of events costs a view at
 * most one request a second.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  liveState,
  setUpPages,
  tearDownPages,
  withPage,
} from './test-support/page-harness.js';
import { SESSION_A, appendCalls, recordedCost } from './test-support/recorded-scene.js';
import { startWorkflow } from './test-support/recorded-workflow.js';

beforeAll(setUpPages);
afterAll(tearDownPages);

describe.skipIf(!existsSync(CHROMIUM))('the dashboard views follow new events', () => {
  it('lists a run that starts after the page opened within about a second, and follows its cost', async () => {
    await withPage({ hash: '#/runs' }, async ({ page, daemon, requestsTo }) => {
      const rows = page.locator('tr[data-run]');
      await expect.poll(() => rows.count()).toBe(4);
      // Selected rows stay selected across refreshes.
      await page.keyboard.press('j');
      const first = await rows.first().getAttribute('data-run');
      const workflow = startWorkflow(daemon.store, 'wf-started-later', Date.now());
      const appended = performance.now();
      const late = page.locator('tr[data-run="wf-started-later"]');
      await late.waitFor({ timeout: 1_500 });
      expect(performance.now() - appended).toBeLessThan(1_500);
      expect(await late.locator('.badge').textContent()).toBe('running');
      expect(
        await page.locator(`tr[data-run="${String(first)}"]`).getAttribute('aria-selected'),
      ).toBe('true');
      workflow.advance();
      await expect.poll(() => late.locator('td.num').last().textContent()).toBe('$0.042');
      // Never more than one request a second, however many events arrive.
      const before = requestsTo('/api/runs').length;
      const burstStart = performance.now();
      for (let index = 0; index < 40; index += 1) {
        await daemon.hook('UserPromptSubmit', SESSION_A, { prompt: `burst ${String(index)}` });
        await page.waitForTimeout(25);
      }
      const seconds = (performance.now() - burstStart) / 1000;
      expect(requestsTo('/api/runs').length - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    });
  });

  it('updates the Cost total when a new call is recorded, keeping the charts', async () => {
    await withPage({ hash: '#/cost' }, async ({ page, daemon }) => {
      const total = page.getByTestId('cost-total');
      await expect
        .poll(() => total.getAttribute('data-usd'))
        .toBe(String(recordedCost(daemon.store)));
      // The total can be drawn before the charts are: wait for the first chart's canvas.
      await page.locator('.chart canvas').first().waitFor();
      await page.evaluate("document.querySelector('.chart canvas').dataset.marker = 'kept'");
      // Scrolled down to the table under the charts: a refresh leaves the page there.
      await page.setViewportSize({ width: 1360, height: 600 });
      const scrollTop = await page.evaluate(
        "(() => { const main = document.querySelector('main'); main.scrollTop = main.scrollHeight; return main.scrollTop; })()",
      );
      expect(scrollTop).toBeGreaterThan(100);
      appendCalls(daemon.store, [
        {
          run: 'run-late',
          agent: 'coder',
          model: 'claude-sonnet-5',
          costUsd: 0.5,
          ts: Date.now(),
        },
      ]);
      const expected = recordedCost(daemon.store);
      await expect
        .poll(() => total.getAttribute('data-usd'), { timeout: 2_000 })
        .toBe(String(expected));
      // Same models and agents: the charts were updated in place, not drawn anew.
      expect(await page.locator('.chart canvas[data-marker="kept"]').count()).toBe(1);
      expect(await page.evaluate("document.querySelector('main').scrollTop")).toBe(scrollTop);
      await expect.poll(() => liveState(page)).toBe('live');
    });
  });

  it('keeps the expanded and selected delegation while a running subagent works on', async () => {
    await withPage({ hash: '#/agents' }, async ({ page, daemon }) => {
      const items = page.locator(`section[data-session="${SESSION_A}"] li[data-outcome]`);
      await expect.poll(() => items.count()).toBe(2);
      const coder = items.nth(1);
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      expect(await coder.getAttribute('class')).toContain('expanded');
      expect(await coder.locator('.chips').textContent()).toContain('Edit ×1');
      // The coder subagent (still running) edits another file.
      await daemon.hook('PreToolUse', SESSION_A, {
        tool_name: 'Edit',
        tool_use_id: 'toolu_late',
        tool_input: { file_path: 'src/late.ts' },
      });
      await daemon.hook('PostToolUse', SESSION_A, { tool_name: 'Edit', tool_use_id: 'toolu_late' });
      await expect.poll(() => coder.locator('.chips').textContent()).toContain('Edit ×2');
      expect(await coder.getAttribute('class')).toContain('expanded');
      expect(await coder.getAttribute('aria-selected')).toBe('true');
      expect(await page.evaluate("document.activeElement?.dataset.outcome ?? ''")).toBe('running');
    });
  });
});
