import { describe, expect, it } from 'vitest';
import { createEventBus } from '../events/index.js';
import type { CallMetrics } from '../events/index.js';
import { EventSpans } from './event-spans.js';
import type { SpanData, SpanIds } from './span.js';

/** Ids t1, t2, ... and s1, s2, ... (padded to their lengths): the order they were made in. */
function countingIds(): SpanIds {
  let traces = 0;
  let spans = 0;
  return {
    traceId: () => `t${++traces}`.padEnd(32, '_'),
    spanId: () => `s${++spans}`.padEnd(16, '_'),
  };
}

const CALL: CallMetrics = {
  inputTokens: 100,
  outputTokens: 20,
  cacheWriteTokens: 5,
  cacheReadTokens: 7,
  costUsd: 0.25,
  durationMs: 40,
  attempts: 2,
  waitedMs: 1_500,
};

/** A bus on a manual clock whose events become spans. */
function harness() {
  let now = 1_000;
  const bus = createEventBus({ source: 'test', clock: () => now });
  const spans: SpanData[] = [];
  const builder = new EventSpans(countingIds(), (span) => spans.push(span));
  bus.subscribe((event) => {
    builder.onEvent(event);
  });
  return {
    bus,
    spans,
    at: (ms: number) => {
      now = ms;
    },
  };
}

function short(id: string): string {
  return id.replace(/_+$/, '');
}

/** The parts of spans a test compares: name, ids, parent, times and status. */
function shape(span: SpanData) {
  return {
    name: span.name,
    traceId: short(span.traceId),
    spanId: short(span.spanId),
    parent: span.parentSpanId === undefined ? undefined : short(span.parentSpanId),
    start: span.startMs,
    end: span.endMs,
    ok: span.status.ok,
  };
}

describe('EventSpans', () => {
  it('makes a run span with its model call as a child ending at the completion', () => {
    const { bus, spans, at } = harness();
    bus.emit(
      'run.started',
      { runId: 'r1', agent: 'qa', model: 'm', provider: 'anthropic' },
      { run: 'r1' },
    );
    at(1_100);
    bus.emit(
      'run.completed',
      {
        runId: 'r1',
        agent: 'qa',
        model: 'm',
        provider: 'anthropic',
        simulated: false,
        cached: false,
        ...CALL,
      },
      { run: 'r1' },
    );
    expect(spans.map(shape)).toEqual([
      {
        name: 'claude_hybrid.run',
        traceId: 't1',
        spanId: 's1',
        parent: undefined,
        start: 1_000,
        end: 1_100,
        ok: true,
      },
      {
        name: 'claude_hybrid.model_call',
        traceId: 't1',
        spanId: 's2',
        parent: 's1',
        start: 1_060,
        end: 1_100,
        ok: true,
      },
    ]);
    expect(spans[0]?.attributes).toEqual({
      'claude_hybrid.run_id': 'r1',
      'claude_hybrid.agent': 'qa',
      'claude_hybrid.model': 'm',
      'claude_hybrid.provider': 'anthropic',
      'claude_hybrid.cached': false,
      'claude_hybrid.simulated': false,
      'claude_hybrid.tokens.input': 100,
      'claude_hybrid.tokens.output': 20,
      'claude_hybrid.tokens.cache_read': 7,
      'claude_hybrid.tokens.cache_write': 5,
      'claude_hybrid.cost_usd': 0.25,
      'claude_hybrid.attempts': 2,
      'claude_hybrid.waited_ms': 1_500,
      'claude_hybrid.duration_ms': 40,
    });
    expect(spans[1]?.attributes).toMatchObject({
      'claude_hybrid.attempts': 2,
      'claude_hybrid.waited_ms': 1_500,
      'claude_hybrid.status': 'ok',
    });
  });

  it('makes no model call for a cached answer, and an error status for a failed run', () => {
    const { bus, spans, at } = harness();
    bus.emit(
      'run.started',
      { runId: 'r1', agent: 'qa', model: 'm', provider: 'sim' },
      { run: 'r1' },
    );
    bus.emit(
      'run.completed',
      {
        runId: 'r1',
        agent: 'qa',
        model: 'm',
        provider: 'sim',
        simulated: true,
        cached: true,
        ...CALL,
        attempts: 0,
      },
      { run: 'r1' },
    );
    bus.emit(
      'run.started',
      { runId: 'r2', agent: 'qa', model: 'm', provider: 'sim' },
      { run: 'r2' },
    );
    at(1_500);
    bus.emit(
      'run.failed',
      { agent: 'qa', model: 'm', provider: 'sim', error: 'provider.timeout' },
      { run: 'r2' },
    );
    expect(spans.map((span) => [span.name, span.status])).toEqual([
      ['claude_hybrid.run', { ok: true }],
      ['claude_hybrid.run', { ok: false, message: 'provider.timeout' }],
    ]);
    expect(spans[1]?.startMs).toBe(1_000);
  });

  it('puts steps under their workflow and each step model call under its step', () => {
    const { bus, spans, at } = harness();
    const meta = { run: 'w1' };
    bus.emit('workflow.started', { runId: 'w1', name: 'review', steps: 2 }, meta);
    at(1_010);
    bus.emit('step.started', { runId: 'w1', stepId: 'plan', iteration: 0 }, meta);
    at(1_090);
    bus.emit(
      'step.completed',
      {
        runId: 'w1',
        stepId: 'plan',
        iteration: 0,
        agent: 'pm',
        model: 'm',
        ...CALL,
        cached: false,
      },
      meta,
    );
    bus.emit('step.started', { runId: 'w1', stepId: 'build', iteration: 0 }, meta);
    at(1_200);
    bus.emit('step.failed', { runId: 'w1', stepId: 'build', error: 'provider.overloaded' }, meta);
    bus.emit(
      'workflow.completed',
      { runId: 'w1', name: 'review', status: 'failed', spentUsd: 0.25, error: 'step build failed' },
      meta,
    );
    expect(spans.map(shape)).toEqual([
      {
        name: 'claude_hybrid.step',
        traceId: 't1',
        spanId: 's2',
        parent: 's1',
        start: 1_010,
        end: 1_090,
        ok: true,
      },
      {
        name: 'claude_hybrid.model_call',
        traceId: 't1',
        spanId: 's3',
        parent: 's2',
        start: 1_050,
        end: 1_090,
        ok: true,
      },
      {
        name: 'claude_hybrid.step',
        traceId: 't1',
        spanId: 's4',
        parent: 's1',
        start: 1_090,
        end: 1_200,
        ok: false,
      },
      {
        name: 'claude_hybrid.workflow',
        traceId: 't1',
        spanId: 's1',
        parent: undefined,
        start: 1_000,
        end: 1_200,
        ok: false,
      },
    ]);
    expect(spans[0]?.attributes).toMatchObject({
      'claude_hybrid.step_id': 'plan',
      'claude_hybrid.agent': 'pm',
      'claude_hybrid.status': 'succeeded',
      'claude_hybrid.cost_usd': 0.25,
    });
    expect(spans[2]?.status).toEqual({ ok: false, message: 'provider.overloaded' });
    expect(spans[3]?.attributes).toEqual({
      'claude_hybrid.run_id': 'w1',
      'claude_hybrid.workflow': 'review',
      'claude_hybrid.status': 'failed',
      'claude_hybrid.cost_usd': 0.25,
    });
  });

  it('makes an MCP tool span that ends at the event and lasts its duration', () => {
    const { bus, spans, at } = harness();
    at(5_000);
    bus.emit('mcp.called', { tool: 'memory_add', durationMs: 12.5, failed: true });
    expect(spans.map(shape)).toEqual([
      {
        name: 'claude_hybrid.mcp_tool',
        traceId: 't1',
        spanId: 's1',
        parent: undefined,
        start: 4_987.5,
        end: 5_000,
        ok: false,
      },
    ]);
    expect(spans[0]?.attributes).toEqual({
      'claude_hybrid.tool': 'memory_add',
      'claude_hybrid.failed': true,
      'claude_hybrid.duration_ms': 12.5,
    });
  });

  it('ignores events it makes no span of', () => {
    const { bus, spans } = harness();
    bus.emit('project.initialized', { root: '/p' });
    bus.emit('hook.Stop', { session_id: 'S' });
    expect(spans).toEqual([]);
  });
});
