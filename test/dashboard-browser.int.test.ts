// The dashboard end to end, in Debian's Chromium driven by playwright-core: the built daemon
// serves the built page; `claude-hybrid dashboard` gives the link; hook events posted to the
// daemon appear in the Live view within a second; a workflow run through the built CLI against
// the loopback fake Messages API shows its step graph advance step by step; the Cost view's total
// is the sum of the recorded calls; event HTML renders as text. A screenshot of every view is
// saved under .ci/out/screenshots/ (CI keeps .ci/out as its artifacts).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBuilt, startBuilt } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { CHROMIUM, chromiumInstalled, launchChromium } from './support/chromium.js';
import { makeTempDir } from './support/temp-dir.js';

const PAGE = fileURLToPath(new URL('../dist/dashboard/index.html', import.meta.url));
const SHOTS = fileURLToPath(new URL('../.ci/out/screenshots/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const ready = chromiumInstalled() && existsSync(PAGE);
if (!ready)
  console.warn(
    `dashboard browser tests skipped: they need ${CHROMIUM} (apt-get install -y chromium) and a build (npm run build)`,
  );

const start = fakeStarter();
let browser: Browser;
let home: { dir: string; cleanup: () => void };
let project: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  if (env !== undefined) await runBuilt(['daemon', 'stop'], { cwd: project, env });
  home?.cleanup();
});

async function setUp(baseUrl: string): Promise<{ daemon: { port: number; token: string } }> {
  home = makeTempDir('claude-hybrid-dashboard-e2e-');
  project = join(home.dir, 'project');
  mkdirSync(project);
  env = isolatedEnv(home.dir, { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: baseUrl });
  expect((await runBuilt(['init'], { cwd: project, env })).code).toBe(0);
  const started = await runBuilt(['daemon', 'start', '--port', '0', '--json'], {
    cwd: project,
    env,
  });
  expect(started.code, started.stderr).toBe(0);
  const daemonFile = JSON.parse(
    readFileSync(join(home.dir, '.claude-hybrid', 'daemon.json'), 'utf8'),
  ) as { port: number; token: string };
  return { daemon: daemonFile };
}

async function signedInPage(): Promise<{ page: Page; dialogs: string[] }> {
  const link = await runBuilt(['dashboard', '--no-open', '--json'], { cwd: project, env });
  expect(link.code, link.stderr).toBe(0);
  const { url } = JSON.parse(link.stdout) as { url: string };
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  expect(new URL(page.url()).hash).toMatch(/^#\/live\?project=/);
  return { page, dialogs };
}

async function hook(
  daemon: { port: number; token: string },
  event: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${daemon.token}` },
    body: JSON.stringify({ session_id: 'browser-session', cwd: project, ...fields }),
  });
  expect(response.status).toBe(200);
}

/** Switches the page to `view`, keeping the project in the address. */
async function show(page: Page, view: string): Promise<void> {
  const url = new URL(page.url());
  url.hash = url.hash.replace(/^#\/[a-z]+(\/[^?]*)?/, `#/${view}`);
  await page.goto(url.toString());
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!ready)('the dashboard in Chromium', () => {
  it('shows a posted hook event in the Live view within a second, its HTML as text', async () => {
    const fake = await start();
    const { daemon } = await setUp(fake.baseUrl);
    await hook(daemon, 'SessionStart', { source: 'startup' });
    const { page, dialogs } = await signedInPage();
    await page.locator('[data-id]').first().waitFor();
    const marker = `deploy the parser ${Date.now()}`;
    const posted = performance.now();
    await hook(daemon, 'UserPromptSubmit', { prompt: marker });
    await page.getByText(marker).waitFor({ timeout: 1_000 });
    expect(performance.now() - posted).toBeLessThan(1_000);

    await hook(daemon, 'UserPromptSubmit', { prompt: XSS });
    await page.getByText(XSS).first().waitFor({ timeout: 1_000 });
    const injected = await page.locator('img[src="x"], script:not([src])').count();
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    await shoot(page, 'live');
  });

  it('follows a workflow run step by step, and its Cost view totals the recorded calls', async () => {
    const fake = await start({ latencyMs: 1_500 });
    const { daemon } = await setUp(fake.baseUrl);
    await hook(daemon, 'SessionStart', { source: 'startup' });
    writeFileSync(
      join(project, 'chain.yaml'),
      [
        'version: 1',
        'name: chain',
        'steps:',
        '  - id: plan',
        '    agent: research',
        '    task: "STEP-plan: find what the date parser needs"',
        '  - id: build',
        '    agent: engineer',
        '    needs: plan',
        '    task: "STEP-build: write it from {{steps.plan.output}}"',
        '  - id: check',
        '    agent: qa',
        '    needs: build',
        '    task: "STEP-check: test {{steps.build.output}}"',
        '',
      ].join('\n'),
    );
    const { page } = await signedInPage();
    const run = startBuilt(
      ['workflow', 'run', 'chain.yaml', '--provider', 'anthropic', '--no-cache'],
      {
        cwd: project,
        env,
      },
    );
    children.push(run.child);
    await show(page, 'runs');
    await page.locator('[data-run]').first().click({ timeout: 10_000 });
    // Each step takes 1.5 s: the graph shows each one running, then done, in order.
    const seen: string[] = [];
    for (const step of ['plan', 'build', 'check']) {
      await page
        .locator(`[data-step="${step}"][data-status="running"]`)
        .waitFor({ timeout: 10_000 });
      seen.push(`${step}:running`);
      if (step === 'build') await shoot(page, 'runs-dag-running');
      await page
        .locator(`[data-step="${step}"][data-status="succeeded"]`)
        .waitFor({ timeout: 10_000 });
      seen.push(`${step}:succeeded`);
    }
    expect(seen).toEqual([
      'plan:running',
      'plan:succeeded',
      'build:running',
      'build:succeeded',
      'check:running',
      'check:succeeded',
    ]);
    await shoot(page, 'runs-dag');

    const db = new Database(join(project, '.claude-hybrid', 'state.db'), { readonly: true });
    const recorded = db
      .prepare<[], { payload: string }>(
        "SELECT payload FROM events WHERE type IN ('run.completed', 'step.completed')",
      )
      .all()
      .reduce((sum, row) => sum + (JSON.parse(row.payload) as { costUsd: number }).costUsd, 0);
    db.close();
    expect(recorded).toBeGreaterThan(0);
    await show(page, 'cost');
    const total = page.locator('[data-testid="cost-total"]');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-usd'))).toBeCloseTo(recorded, 9);
    await shoot(page, 'cost');
  });

  it('renders every view with recorded data, and saves a screenshot of each', async () => {
    const fake = await start();
    const { daemon } = await setUp(fake.baseUrl);
    await hook(daemon, 'SessionStart', { source: 'startup' });
    await hook(daemon, 'UserPromptSubmit', { prompt: 'write tests for the parser' });
    await hook(daemon, 'PreToolUse', {
      tool_name: 'Agent',
      tool_use_id: 'agent-1',
      tool_input: { subagent_type: 'qa', description: 'write the tests' },
    });
    await hook(daemon, 'SubagentStart', { agent_id: 'a1', agent_type: 'qa' });
    await hook(daemon, 'PreToolUse', {
      tool_name: 'Bash',
      tool_use_id: 'bash-1',
      tool_input: { command: 'npm test' },
    });
    await hook(daemon, 'PostToolUse', { tool_name: 'Bash', tool_use_id: 'bash-1' });
    await hook(daemon, 'SubagentStop', {
      agent_id: 'a1',
      agent_type: 'qa',
      last_assistant_message: 'Done.',
    });
    await hook(daemon, 'PostToolUse', { tool_name: 'Agent', tool_use_id: 'agent-1' });
    const ran = await runBuilt(
      ['run', 'add a --json flag to the report command', '--provider', 'anthropic'],
      {
        cwd: project,
        env,
      },
    );
    expect(ran.code, ran.stderr).toBe(0);
    await runBuilt(['memory', 'add', 'project', 'Use pnpm, not npm'], { cwd: project, env });
    const { page } = await signedInPage();
    for (const view of [
      'live',
      'tools',
      'agents',
      'runs',
      'cost',
      'performance',
      'memory',
      'sessions',
    ]) {
      await show(page, view);
      await page.waitForTimeout(400);
      await shoot(page, view);
    }
    await show(page, 'agents');
    await page.locator('[data-outcome="completed"]').first().waitFor();
    await show(page, 'memory');
    await page.getByText('Use pnpm, not npm').first().waitFor();
  });
});
