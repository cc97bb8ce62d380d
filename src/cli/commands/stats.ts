import { parseDuration } from '../../files/index.js';
import { runStatsFromLog } from '../../events/index.js';
import { UsageError } from '../../errors.js';
import { createRuntime } from '../../runtime.js';
import { stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';

export const statsGroup: CommandGroup = {
  name: 'stats',
  summary: 'Runs in this project: success rate, latency, cost by agent and model, cache, retries.',
  subcommands: [
    {
      name: '',
      summary:
        'Runs in this project: success rate, latency, cost by agent and model, cache, retries.',
      usage: '[--since DURATION] [--json]',
      details:
        'Summarises the runs recorded in this project (every run in an initialised project records a\n' +
        'run.completed or run.failed event): runs, success rate, latency p50/p95/p99, the share\n' +
        'answered from the response cache, retries and time waited, tokens, and cost in total, by agent and by model.\n' +
        'DURATION is a number and a unit: 30s, 90m, 24h, 7d, 2w. Without it, every run counts.\n\n' +
        'JSON: {since (ISO-8601, or null), runs, completed, failed, successRate, latencyMs: {p50, p95, p99},\n' +
        'cacheHitRate, retries, waitedMs, tokens, costUsd, byAgent, byModel}.',
      options: {
        since: { type: 'string', value: 'DURATION', description: 'Only runs in the last DURATION' },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid stats --since 24h', 'claude-hybrid stats --json'],
      async run(context, values) {
        const sinceText = stringValue(values, 'since');
        const since = sinceText === undefined ? undefined : parseDuration(sinceText);
        if (sinceText !== undefined && since === undefined)
          throw new UsageError(
            `--since must be a number and a unit (s, m, h, d, w); got "${sinceText}"`,
            'e.g. --since 24h',
          );
        const loaded = await context.loadConfig();
        const runtime = createRuntime({ loaded, cwd: context.io.cwd, env: context.io.env });
        try {
          const from = since === undefined ? undefined : Date.now() - since;
          const stats = runStatsFromLog(runtime.store.events, from ?? 0);
          if (context.json) {
            context.writeJson({
              since: from === undefined ? null : new Date(from).toISOString(),
              ...stats,
            });
            return 0;
          }
          if (stats.runs === 0) {
            context.out(
              sinceText === undefined ? 'No runs yet.' : `No runs in the last ${sinceText}.`,
            );
            return 0;
          }
          const usd = (value: number): string => `$${value.toFixed(4)}`;
          const lines = [
            `runs         ${stats.runs} (${stats.completed} completed, ${stats.failed} failed, ${(stats.successRate * 100).toFixed(1)}% success)`,
            `latency      p50 ${Math.round(stats.latencyMs.p50)} ms, p95 ${Math.round(stats.latencyMs.p95)} ms, p99 ${Math.round(stats.latencyMs.p99)} ms`,
            `cache        ${(stats.cacheHitRate * 100).toFixed(1)}% of completed runs answered from the cache`,
            `retries      ${stats.retries} (${Math.round(stats.waitedMs)} ms waited for slots, rate limits and retries)`,
            `tokens       ${stats.tokens.input} in, ${stats.tokens.output} out, ${stats.tokens.cacheRead} cache read, ${stats.tokens.cacheWrite} cache write`,
            `cost         ${usd(stats.costUsd)}`,
            '',
            context.colors.dim('by agent'),
            ...Object.entries(stats.byAgent).map(
              ([agent, entry]) =>
                `  ${agent.padEnd(20)} ${String(entry.runs).padStart(5)} runs  ${usd(entry.costUsd)}`,
            ),
            context.colors.dim('by model'),
            ...Object.entries(stats.byModel).map(
              ([model, entry]) =>
                `  ${model.padEnd(20)} ${String(entry.runs).padStart(5)} runs  ${usd(entry.costUsd)}`,
            ),
          ];
          context.out(lines.join('\n'));
          return 0;
        } finally {
          runtime.close();
        }
      },
    },
  ],
};
