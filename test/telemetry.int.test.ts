import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledModelTable, costOf } from '../src/models/index.js';
import { sessionTraceId } from '../src/telemetry/tracer.js';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { attributesOf, startOtlpReceiver } from './support/otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver.js';
import { waitFor } from './support/wait.js';

// Traces from the built CLI and daemon to a loopback OTLP/HTTP collector (a real node:http
// server on a free port), configured the standard way: OTEL_EXPORTER_OTLP_* variables.
const start = fakeStarter();
const cli = runBuilt;

let project: ReturnType<typeof tempProject>;
let receiver: OtlpReceiver;
beforeEach(async () => {
  project = tempProject();
  receiver = await startOtlpReceiver();
  expect((await cli(['init'], { cwd: project.dir, env: project.env })).code).toBe(0);
});
afterEach(async () => {
  await cli(['daemon', 'stop'], { cwd: project.dir, env: project.env });
  await receiver.close();
  project.cleanup();
});

function withCollector(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...project.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.baseUrl, ...extra };
}

function named(spans: readonly ReceivedSpan[], name: string): ReceivedSpan[] {
  return spans.filter((span) => span.name === name);
}

describe('OTLP trace export', () => {
  it('exports an agent run and its model call, with the exact usage and cost, before the CLI exits', async () => {
    const fake = await start();
    fake.script({ text: 'Done.', usage: { inputTokens: 1_200, outputTokens: 300 } });
    const result = await cli(
      ['run', 'add a --json flag', '--agent', 'engineer', '--model', 'sonnet', '--json'],
      {
        cwd: project.dir,
        env: withCollector({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl }),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { runId: string; model: string; costUsd: number };
    // Sent by the time the process exited: no waiting here.
    expect(receiver.requests.map((request) => request.path)).toEqual(['/v1/traces']);
    const spans = receiver.spans();
    expect(spans.map((span) => span.name)).toEqual([
      'claude_hybrid.run',
      'claude_hybrid.model_call',
    ]);
    const [run, call] = spans as [ReceivedSpan, ReceivedSpan];
    const table = bundledModelTable();
    const sonnet = table.models[table.tiers.sonnet];
    if (sonnet === undefined) throw new Error('the bundled table has a sonnet model');
    expect(output.costUsd).toBe(
      costOf(
        { inputTokens: 1_200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
        sonnet,
      ),
    );
    expect(run.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(run.parentSpanId ?? '').toBe('');
    expect(run.kind).toBe(1);
    expect(run.status).toEqual({ code: 1 });
    expect(attributesOf(run)).toMatchObject({
      'claude_hybrid.run_id': output.runId,
      'claude_hybrid.agent': 'engineer',
      'claude_hybrid.model': output.model,
      'claude_hybrid.provider': 'anthropic',
      'claude_hybrid.cached': false,
      'claude_hybrid.simulated': false,
      'claude_hybrid.tokens.input': 1_200,
      'claude_hybrid.tokens.output': 300,
      'claude_hybrid.cost_usd': output.costUsd,
      'claude_hybrid.attempts': 1,
      'claude_hybrid.waited_ms': 0, // nothing held the one call back
    });
    expect(call.traceId).toBe(run.traceId);
    expect(call.parentSpanId).toBe(run.spanId);
    expect(call.kind).toBe(3);
    expect(attributesOf(call)).toEqual({
      'claude_hybrid.model': output.model,
      'claude_hybrid.provider': 'anthropic',
      'claude_hybrid.attempts': 1,
      'claude_hybrid.waited_ms': 0,
      'claude_hybrid.status': 'ok',
      'claude_hybrid.tokens.input': 1_200,
      'claude_hybrid.tokens.output': 300,
    });
    expect(BigInt(call.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(run.startTimeUnixNano));
    expect(call.endTimeUnixNano).toBe(run.endTimeUnixNano);
    const resource = (receiver.requests[0]?.body as { resourceSpans: { resource: unknown }[] })
      .resourceSpans[0]?.resource;
    expect(resource).toMatchObject({
      attributes: [{ key: 'service.name', value: { stringValue: 'claude-hybrid' } }, {}],
    });
  });

  it('puts each workflow step under its workflow and each step model call under its step', async () => {
    writeFileSync(
      join(project.dir, 'two-steps.yaml'),
      [
        'version: 1',
        'name: two-steps',
        'steps:',
        '  - id: plan',
        '    agent: pm',
        '    task: Plan the change',
        '  - id: build',
        '    agent: engineer',
        '    needs: [plan]',
        '    task: "Build it: {{steps.plan.output}}"',
        '',
      ].join('\n'),
    );
    const result = await cli(['workflow', 'run', 'two-steps.yaml', '--provider', 'sim', '--json'], {
      cwd: project.dir,
      env: withCollector(),
    });
    expect(result.code).toBe(0);
    const { runId } = JSON.parse(result.stdout) as { runId: string };
    const spans = receiver.spans();
    const [workflow, ...others] = named(spans, 'claude_hybrid.workflow');
    expect(others).toEqual([]);
    if (workflow === undefined) throw new Error('no workflow span');
    expect(attributesOf(workflow)).toEqual({
      'claude_hybrid.run_id': runId,
      'claude_hybrid.workflow': 'two-steps',
      'claude_hybrid.status': 'succeeded',
      'claude_hybrid.cost_usd': 0,
    });
    expect(workflow.parentSpanId ?? '').toBe('');
    const steps = named(spans, 'claude_hybrid.step');
    expect(steps.map((step) => attributesOf(step)['claude_hybrid.step_id'])).toEqual([
      'plan',
      'build',
    ]);
    expect(steps.map((step) => attributesOf(step)['claude_hybrid.agent'])).toEqual([
      'pm',
      'engineer',
    ]);
    for (const step of steps) {
      expect(step.traceId).toBe(workflow.traceId);
      expect(step.parentSpanId).toBe(workflow.spanId);
      expect(attributesOf(step)).toMatchObject({
        'claude_hybrid.run_id': runId,
        'claude_hybrid.status': 'succeeded',
        'claude_hybrid.iteration': 1,
      });
    }
    const calls = named(spans, 'claude_hybrid.model_call');
    expect(calls.map((call) => call.parentSpanId)).toEqual(steps.map((step) => step.spanId));
    // The build step starts after the plan step ends (it needs its output).
    expect(BigInt(steps[1]?.startTimeUnixNano ?? 0)).toBeGreaterThanOrEqual(
      BigInt(steps[0]?.endTimeUnixNano ?? 0),
    );
    expect(spans).toHaveLength(5);
  });

  it('exports the daemon hooks and Claude Code tool calls of a session in one trace', async () => {
    const env = withCollector();
    expect((await cli(['daemon', 'start', '--port', '0'], { cwd: project.dir, env })).code).toBe(0);
    const daemon = JSON.parse(
      readFileSync(join(env.CLAUDE_HYBRID_HOME ?? '', 'daemon.json'), 'utf8'),
    ) as { port: number; token: string };
    const post = async (event: string, input: Record<string, unknown>): Promise<void> => {
      const response = await fetch(`http://127.0.0.1:${daemon.port}/hooks/${event}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: 'session-1', cwd: project.dir, ...input }),
      });
      expect(response.status).toBe(200);
    };
    const bash = { tool_name: 'Bash', tool_use_id: 'tool-1', tool_input: { command: 'ls' } };
    await post('PreToolUse', bash);
    await post('PostToolUse', { ...bash, tool_response: { stdout: '' } });
    await post('Stop', {});
    // The daemon sends what it has when it stops.
    expect((await cli(['daemon', 'stop'], { cwd: project.dir, env })).code).toBe(0);
    await waitFor(() => receiver.spans().length >= 4, 5_000);
    const spans = receiver.spans();
    const hooks = named(spans, 'claude_hybrid.hook');
    expect(hooks.map((hook) => attributesOf(hook))).toEqual(
      ['PreToolUse', 'PostToolUse', 'Stop'].map((event) => ({
        'claude_hybrid.hook_event': event,
        'claude_hybrid.session_id': 'session-1',
        'claude_hybrid.project': project.dir,
      })),
    );
    expect(hooks.map((hook) => hook.kind)).toEqual([2, 2, 2]);
    const [tool, ...more] = named(spans, 'claude_hybrid.tool_call');
    expect(more).toEqual([]);
    if (tool === undefined) throw new Error('no tool_call span');
    expect(attributesOf(tool)).toEqual({
      'claude_hybrid.tool': 'Bash',
      'claude_hybrid.tool_use_id': 'tool-1',
      'claude_hybrid.session_id': 'session-1',
      'claude_hybrid.failed': false,
    });
    expect(tool.status).toEqual({ code: 1 });
    for (const span of [...hooks, tool]) expect(span.traceId).toBe(sessionTraceId('session-1'));
    expect(spans).toHaveLength(4);
  });

  it('records MCP tool calls as events and spans', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const { BUILT_CLI } = await import('./support/cli.js');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BUILT_CLI, 'mcp', '--provider', 'sim'],
      cwd: project.dir,
      env: withCollector() as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'telemetry-test', version: '1.0.0' });
    await client.connect(transport);
    const added = await client.callTool({
      name: 'memory_add',
      arguments: { agent: 'qa', text: 'Use vitest' },
    });
    expect(added.isError).toBeFalsy();
    const refused = await client.callTool({
      name: 'workflow_status',
      arguments: { runId: 'none' },
    });
    expect(refused.isError).toBe(true);
    await client.close();
    await waitFor(() => named(receiver.spans(), 'claude_hybrid.mcp_tool').length >= 2, 5_000);
    const spans = named(receiver.spans(), 'claude_hybrid.mcp_tool');
    expect(spans.map((span) => attributesOf(span)['claude_hybrid.tool'])).toEqual([
      'memory_add',
      'workflow_status',
    ]);
    expect(spans.map((span) => span.status.code)).toEqual([1, 2]);
    const events = await cli(['events', 'list', '--type', 'mcp.called', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    const recorded = (JSON.parse(events.stdout) as { events: { payload: unknown }[] }).events;
    expect(recorded.map((event) => event.payload)).toEqual([
      { tool: 'workflow_status', durationMs: expect.any(Number) as number, failed: true },
      { tool: 'memory_add', durationMs: expect.any(Number) as number, failed: false },
    ]);
  });

  it('finishes a command promptly when the collector is down, noting it once', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo; // a TCP server: an AddressInfo
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    const started = performance.now();
    const result = await cli(['run', 'add a flag', '--provider', 'sim'], {
      cwd: project.dir,
      env: withCollector({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20very-secret',
      }),
    });
    const elapsed = performance.now() - started;
    expect(result.code).toBe(0);
    // The run's summary line goes to stderr too; the warning comes once.
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: telemetry: cannot export spans to http://127.0.0.1:${port}/v1/traces (connect ECONNREFUSED 127.0.0.1:${port}); dropping them until it answers`,
    ]);
    expect(result.stderr).not.toContain('very-secret');
    // Start-up plus at most the one-second flush limit, with room for a slow machine.
    expect(elapsed).toBeLessThan(3_000);
  });

  it('refuses a malformed endpoint with a one-line user error (exit 2)', async () => {
    const result = await cli(['run', 'add a flag', '--provider', 'sim'], {
      cwd: project.dir,
      env: withCollector({ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error[telemetry.bad_endpoint]: OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL',
    );
    writeFileSync(
      join(project.dir, '.claude-hybrid', 'config.yaml'),
      'version: 1\ntelemetry:\n  otlpEndpoint: "127.0.0.1:4318"\n',
    );
    const configured = await cli(['run', 'add a flag', '--provider', 'sim'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain('telemetry.otlpEndpoint');
    expect(configured.stderr).toContain('an http:// or https:// URL');
  });

  it('exports nothing and loads no tracing code when no endpoint is configured', async () => {
    // A preload that reports every bundle file the CLI reads (bundles are read, then compiled
    // through the V8 code cache, so require hooks do not see them).
    const preload = join(project.dir, 'report-reads.cjs');
    writeFileSync(
      preload,
      [
        "const fs = require('node:fs');",
        'const read = fs.readFileSync;',
        'fs.readFileSync = function (file, ...rest) {',
        "  if (String(file).endsWith('.cjs')) process.stderr.write(`read ${file}\\n`);",
        '  return read.call(this, file, ...rest);',
        '};',
        '',
      ].join('\n'),
    );
    const traced = await cli(['run', 'add a flag', '--provider', 'sim'], {
      cwd: project.dir,
      env: withCollector({ NODE_OPTIONS: `--require ${preload}` }),
    });
    expect(traced.code).toBe(0);
    expect(traced.stderr).toMatch(/read \S*dist\/tracing\.cjs/);
    const result = await cli(['run', 'add a flag', '--provider', 'sim'], {
      cwd: project.dir,
      env: { ...project.env, NODE_OPTIONS: `--require ${preload}` },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/read \S*dist\/engine\.cjs/);
    expect(result.stderr).not.toContain('tracing.cjs');
    expect(receiver.requests).toHaveLength(1); // the traced run's, none from the other
  });
});
