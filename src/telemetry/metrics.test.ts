import { describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { LATENCY_BUCKETS_MS, MetricsRegistry, metrics } from './metrics.js';

describe('MetricsRegistry', () => {
  it('renders the Prometheus text format exactly', () => {
    const registry = new MetricsRegistry();
    const hooks = registry.counter('hooks_total', 'Hooks handled.', ['event']);
    const open = registry.gauge('open_streams', 'Open streams.');
    const latency = registry.histogram('call_ms', 'Call latency\nin ms.', {
      labelNames: ['tool'],
      buckets: [1, 10],
    });
    hooks.inc({ event: 'PreToolUse' });
    hooks.inc({ event: 'PreToolUse' }, 2);
    hooks.inc({ event: 'Stop' });
    open.set(undefined, 4);
    latency.observe(0.5, { tool: 'run' });
    latency.observe(10, { tool: 'run' });
    latency.observe(12.5, { tool: 'run' });
    expect(registry.render()).toBe(
      [
        '# HELP hooks_total Hooks handled.',
        '# TYPE hooks_total counter',
        'hooks_total{event="PreToolUse"} 3',
        'hooks_total{event="Stop"} 1',
        '# HELP open_streams Open streams.',
        '# TYPE open_streams gauge',
        'open_streams 4',
        '# HELP call_ms Call latency\\nin ms.',
        '# TYPE call_ms histogram',
        'call_ms_bucket{tool="run",le="1"} 1',
        'call_ms_bucket{tool="run",le="10"} 2',
        'call_ms_bucket{tool="run",le="+Inf"} 3',
        'call_ms_sum{tool="run"} 23',
        'call_ms_count{tool="run"} 3',
        '',
      ].join('\n'),
    );
  });

  it('renders an unlabeled metric as 0 before anything is recorded', () => {
    const registry = new MetricsRegistry();
    registry.counter('nothing_total', 'Nothing yet.');
    registry.histogram('empty_ms', 'Empty.', { buckets: [5] });
    expect(registry.render()).toBe(
      [
        '# HELP nothing_total Nothing yet.',
        '# TYPE nothing_total counter',
        'nothing_total 0',
        '# HELP empty_ms Empty.',
        '# TYPE empty_ms histogram',
        'empty_ms_bucket{le="5"} 0',
        'empty_ms_bucket{le="+Inf"} 0',
        'empty_ms_sum 0',
        'empty_ms_count 0',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text', () => {
    const registry = new MetricsRegistry();
    registry.counter('escaped_total', 'Back\\slash.', ['value']).inc({ value: 'a"b\\c\nd' });
    expect(registry.render()).toContain('# HELP escaped_total Back\\\\slash.\n');
    expect(registry.render()).toContain('escaped_total{value="a\\"b\\\\c\\nd"} 1\n');
  });

  it('refuses bad metric and label names, unknown labels and clashing redeclarations', () => {
    const registry = new MetricsRegistry();
    const refused = (action: () => unknown): string => {
      try {
        action();
      } catch (error) {
        expect(error).toBeInstanceOf(HybridError);
        return (error as HybridError).code;
      }
      throw new Error('not refused');
    };
    expect(refused(() => registry.counter('1bad', 'x'))).toBe('telemetry.invalid_metric');
    expect(refused(() => registry.counter('bad-name', 'x'))).toBe('telemetry.invalid_metric');
    expect(refused(() => registry.counter('ok_total', 'x', ['__reserved']))).toBe(
      'telemetry.invalid_metric',
    );
    expect(refused(() => registry.histogram('h_ms', 'x', { labelNames: ['le'] }))).toBe(
      'telemetry.invalid_metric',
    );
    expect(refused(() => registry.histogram('h2_ms', 'x', { buckets: [5, 1] }))).toBe(
      'telemetry.invalid_metric',
    );
    const counter = registry.counter('calls_total', 'x', ['tool']);
    expect(registry.counter('calls_total', 'x', ['tool'])).toBe(counter);
    expect(refused(() => registry.gauge('calls_total', 'x', ['tool']))).toBe(
      'telemetry.invalid_metric',
    );
    expect(refused(() => registry.counter('calls_total', 'x', ['other']))).toBe(
      'telemetry.invalid_metric',
    );
    expect(
      refused(() => {
        counter.inc({ tool: 'a', extra: 'b' });
      }),
    ).toBe('telemetry.invalid_metric');
    expect(
      refused(() => {
        counter.inc({ tool: 'a' }, -1);
      }),
    ).toBe('telemetry.invalid_metric');
    expect(registry.render()).not.toContain('1bad');
  });

  it('reads counters and gauges back by labels', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('reads_total', 'x', ['a', 'b']);
    counter.inc({ a: '1', b: '2' }, 5);
    expect(counter.get({ a: '1', b: '2' })).toBe(5);
    expect(counter.get({ b: '2', a: '1' })).toBe(5);
    expect(counter.get({ a: '1' })).toBe(0);
    const gauge = registry.gauge('level', 'x');
    gauge.set(undefined, -3);
    expect(gauge.get()).toBe(-3);
  });

  it('shares one process-wide registry', () => {
    expect(metrics()).toBe(metrics());
  });
});

describe('Histogram quantiles', () => {
  it('interpolates inside the bucket and clamps to the observed max', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('q_ms', 'x', { buckets: [10, 20, 40] });
    // 10 values in (10, 20], 10 in (20, 40].
    for (let index = 0; index < 10; index += 1) histogram.observe(15);
    for (let index = 0; index < 10; index += 1) histogram.observe(25);
    const summary = histogram.summary();
    expect(summary.count).toBe(20);
    expect(summary.p50).toBe(20); // rank 10: the top of the second bucket
    expect(summary.p95).toBe(25); // rank 19 would interpolate to 38, clamped to the max 25
    expect(summary.max).toBe(25);
    expect(summary.bounds).toEqual([10, 20, 40]);
    expect(summary.counts).toEqual([0, 10, 10, 0]);
  });

  it('interpolates from 0 in the first bucket and up to the max above every bound', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('q2_ms', 'x', { buckets: [100] });
    for (let index = 0; index < 4; index += 1) histogram.observe(50);
    expect(histogram.summary().p50).toBe(50); // rank 2 of 4 in [0, 100]
    const tail = registry.histogram('q3_ms', 'x', { buckets: [100] });
    tail.observe(150);
    tail.observe(300);
    const summary = tail.summary();
    expect(summary.p50).toBe(200); // rank 1 of 2 in (100, 300]
    expect(summary.p99).toBeCloseTo(298, 6);
    expect(summary.counts).toEqual([0, 2]);
  });

  it('summarises one series or every series merged, and nothing as nulls', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('by_tool_ms', 'x', { labelNames: ['tool'] });
    expect(histogram.summary()).toEqual({
      count: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
      bounds: LATENCY_BUCKETS_MS,
      counts: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
    });
    histogram.observe(3, { tool: 'a' });
    histogram.observe(700, { tool: 'b' });
    expect(histogram.summary({ tool: 'a' }).max).toBe(3);
    expect(histogram.summary({ tool: 'b' }).count).toBe(1);
    const merged = histogram.summary();
    expect(merged.count).toBe(2);
    expect(merged.max).toBe(700);
    expect(histogram.summary({ tool: 'none' }).count).toBe(0);
  });

  it('counts a value equal to a bound in that bucket (le is inclusive)', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('edge_ms', 'x', { buckets: [1, 2] });
    histogram.observe(1);
    histogram.observe(2);
    histogram.observe(2.0001);
    expect(histogram.summary().counts).toEqual([1, 1, 1]);
  });
});

describe('render speed', () => {
  it('renders 20 metrics x 100 series in well under a millisecond', () => {
    const registry = new MetricsRegistry();
    for (let metric = 0; metric < 20; metric += 1) {
      const counter = registry.counter(`speed_${metric}_total`, 'x', ['series']);
      for (let series = 0; series < 100; series += 1) counter.inc({ series: `s${series}` });
    }
    for (let warm = 0; warm < 50; warm += 1) registry.render();
    const runs = 200;
    const started = performance.now();
    for (let run = 0; run < runs; run += 1) registry.render();
    const perRender = (performance.now() - started) / runs;
    expect(registry.render().split('\n')).toHaveLength(20 * 102 + 1);
    expect(perRender).toBeLessThan(1);
  });
});
