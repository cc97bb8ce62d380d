import type { CacheClearReport, CacheReport } from '../../engine/index.js';
import type { CliContext, CommandGroup } from '../command.js';
import { clearResponseCaches, responseCacheReport } from '../../engine/engine.bundle.js';

function renderStats(context: CliContext, stats: CacheReport): void {
  if (context.json) {
    context.writeJson(stats);
    return;
  }
  const lines = [
    `hits       ${stats.hits}`,
    `misses     ${stats.misses}`,
    `hit rate   ${(stats.hitRate * 100).toFixed(1)}%`,
    `entries    ${stats.entries}`,
    `bytes      ${stats.bytes}`,
    `evictions  ${stats.evictions}`,
    `tampered   ${stats.tampered}`,
  ];
  if (stats.shared !== undefined)
    lines.push(`shared     ${stats.shared.entries} entries in ${stats.shared.store}`);
  context.out(lines.join('\n'));
}

function renderCleared(context: CliContext, report: CacheClearReport): void {
  if (context.json) {
    context.writeJson(report);
    return;
  }
  const responses = (count: number): string => `${count} cached response${count === 1 ? '' : 's'}`;
  context.out(
    report.shared === undefined
      ? `removed ${responses(report.removed)}`
      : `removed ${responses(report.removed)} here and ${responses(report.shared.entries)} from the shared store ${report.shared.store}`,
  );
}

export const cacheGroup: CommandGroup = {
  name: 'cache',
  summary: 'Show or clear the response cache.',
  subcommands: [
    {
      name: 'stats',
      summary: 'Hits, misses, hit rate, entries, bytes, evictions and tampered entries.',
      usage: '[--json]',
      details:
        "The response cache's hits, misses, hit rate, entries, bytes, evictions and tampered entries,\n" +
        'counted across every process of this machine. With a shared store (store.url), also the\n' +
        'number of entries in its shared table.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache stats --json'],
      run: async (context) => {
        renderStats(context, await responseCacheReport(await context.loadConfig()));
        return 0;
      },
    },
    {
      name: 'clear',
      summary: 'Delete every cached response and zero the counters.',
      usage: '[--json]',
      details:
        "Deletes every entry of this machine's response cache and zeroes its counters. With a\n" +
        'shared store (store.url), also deletes every entry of its shared table, for every worker.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache clear'],
      run: async (context) => {
        renderCleared(context, await clearResponseCaches(await context.loadConfig()));
        return 0;
      },
    },
  ],
};
