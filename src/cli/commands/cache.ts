import type { CommandGroup } from '../command.js';
import { openResponseCache } from './response-cache-file.js';

export const cacheGroup: CommandGroup = {
  name: 'cache',
  summary: 'Show or clear the response cache.',
  subcommands: [
    {
      name: 'stats',
      summary: 'Hits, misses, hit rate, entries, bytes, evictions and tampered entries.',
      usage: '[--json]',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache stats --json'],
      async run(context) {
        const loaded = await context.loadConfig();
        const cache = openResponseCache(loaded.hybridHome, loaded.config.cache);
        try {
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
        } finally {
          cache.close();
        }
      },
    },
    {
      name: 'clear',
      summary: 'Delete every cached response and zero the counters.',
      usage: '[--json]',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid cache clear'],
      async run(context) {
        const loaded = await context.loadConfig();
        const cache = openResponseCache(loaded.hybridHome, loaded.config.cache);
        try {
          const removed = cache.clear();
          if (context.json) context.writeJson({ removed });
          else context.out(`removed ${removed} cached response${removed === 1 ? '' : 's'}`);
          return 0;
        } finally {
          cache.close();
        }
      },
    },
  ],
};
