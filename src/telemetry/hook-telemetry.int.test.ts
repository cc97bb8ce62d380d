import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { startDaemonServer } from '../daemon/server.js';
import type { DaemonServer } from '../daemon/server.js';
import { openStore } from '../store/index.js';
import { recordToolCall } from './hook-telemetry.js';
import { instruments } from './instruments.js';
import { metrics } from './metrics.js';

// The daemon's hook and tool-call metrics, from real hook requests to an in-process server.
const TOKEN = 'telemetry-token';
let temp: ReturnType<typeof makeTempDir>;
let project: string;
let daemon: DaemonServer;
beforeEach(async () => {
  temp = makeTempDir('claude-hybrid-telemetry-');
  project = join(temp.dir, 'project');
  mkdirSync(join(project, '.claude-hybrid'), { recursive: true });
  openStore({ path: join(project, '.claude-hybrid', 'state.db') }).close();
  let now = 1_000_000;
  daemon = await startDaemonServer({
    log: () => undefined,
    hybridHome: join(temp.dir, 'home'),
    token: TOKEN,
    port: 0,
    version: 'test',
    now: () => (now += 250),
  });
  // What the daemon's main wires up (src/telemetry/daemon-telemetry.ts).
  daemon.handler.onToolCompleted = (call) => {
    recordToolCall(call);
  };
});
afterEach(async () => {
  await daemon.close();
  temp.cleanup();
});

async function hook(event: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 'S', cwd: project, ...body }),
  });
  expect(response.status).toBe(200);
}

describe('daemon hook metrics', () => {
  it('measures every hook by event and every paired tool call by tool', async () => {
    const recorded = instruments();
    const stopsBefore = recorded.hooks.get({ event: 'Stop' });
    const failuresBefore = recorded.toolCallFailures.get({ tool: 'Bash' });
    const bash = { tool_name: 'Bash', tool_use_id: 'u1', tool_input: { command: 'false' } };
    await hook('PreToolUse', bash);
    await hook('PostToolUseFailure', { ...bash, error: 'exit 1' });
    await hook('Stop', {});
    await hook('Stop', {});
    expect(recorded.hooks.get({ event: 'Stop' }) - stopsBefore).toBe(2);
    const stops = recorded.hookDuration.summary({ event: 'Stop' });
    expect(stops.count).toBeGreaterThanOrEqual(2);
    expect(stops.p50).not.toBeNull();
    expect(recorded.toolCallFailures.get({ tool: 'Bash' }) - failuresBefore).toBe(1);
    // The handler's clock moved 250 ms between the Pre and the Post event.
    expect(recorded.toolCallDuration.summary({ tool: 'Bash' }).max).toBe(250);
    const text = metrics().render();
    expect(text).toContain('# TYPE claude_hybrid_hook_duration_ms histogram\n');
    expect(text).toMatch(/^claude_hybrid_hooks_total\{event="PreToolUse"\} \d+$/m);
    expect(text).toMatch(/^claude_hybrid_hook_duration_ms_count\{event="Stop"\} \d+$/m);
    expect(text).toMatch(/^claude_hybrid_tool_call_failures_total\{tool="Bash"\} 1$/m);
  });
});
