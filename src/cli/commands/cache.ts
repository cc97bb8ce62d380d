import type { ResponseCache } from '../../engine/index.js';
import type { CliContext, CommandGroup } from '../command.js';
import { openResponseCache } from '../../engine/engine.bundle.js';

/** Opens the configured response cache for one command, and closes it after. */
async function withCache(
  context: CliContext,
  use: (cache: ResponseCache) => number,
): Promise<number> {
  const loaded = await context.loadConfig();
  const cache = openResponseCache(loaded.hybridHome, loaded.config.cache);
  try {
    return use(cache);
  } finally {
    cache.close();
  }
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
        'counted across every process.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache stats --json'],
      run: (context) =>
        withCache(context, (cache) => {
          const stats = cache.stats();
          if (context.json) context.writeJson(stats);
          else
            context.out(
              [
                `hits       ${stats.hits}`,
                `misses     ${stats.misses}`,
                `hit rate   ${(stats.hitRate * 100).toFixed(1)}%`,
                `entries    ${stats.entries}`,
                `bytes      ${stats.bytes}`,
                `evictions  ${stats.evictions}`,
                `tampered   ${stats.tampered}`,
              ].join('\n'),
            );
          return 0;
        }),
    },
    {
      name: 'clear',
      summary: 'Delete every cached response and zero the counters.',
      usage: '[--json]',
      details: 'Deletes every entry of the response cache and zeroes its counters.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache clear'],
      run: (context) =>
        withCache(context, (cache) => {
          const removed = cache.clear();
          if (context.json) context.writeJson({ removed });
          else context.out(`removed ${removed} cached response${removed === 1 ? '' : 's'}`);
          return 0;
        }),
    },
  ],
};
