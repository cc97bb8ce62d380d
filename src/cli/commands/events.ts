import { UsageError } from '../../errors.js';
import { createRuntime } from '../../runtime.js';
import { stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { renderTable } from '../output.js';

export const eventsGroup: CommandGroup = {
  name: 'events',
  summary: 'Read the project event log (.claude-hybrid/state.db).',
  subcommands: [
    {
      name: 'list',
      summary: 'List recent events, newest first',
      usage: '[--type T] [--session S] [--run R] [--limit N] [--json]',
      options: {
        type: {
          type: 'string',
          value: 'TYPE',
          description: 'Only this event type (a trailing * matches a prefix, e.g. "agents.*")',
        },
        session: { type: 'string', value: 'ID', description: 'Only events of this session' },
        run: { type: 'string', value: 'ID', description: 'Only events of this run' },
        limit: {
          type: 'string',
          value: 'N',
          description: 'At most N events (default 50, max 10000)',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid events list', 'claude-hybrid events list --type "agents.*" --json'],
      async run(context, values) {
        const limitText = stringValue(values, 'limit') ?? '50';
        const limit = Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
          throw new UsageError(`--limit must be an integer from 1 to 10000; got "${limitText}"`);
        }
        const type = stringValue(values, 'type');
        const session = stringValue(values, 'session');
        const run = stringValue(values, 'run');
        const loaded = await context.loadConfig();
        const runtime = createRuntime({ loaded, cwd: context.io.cwd, env: context.io.env });
        try {
          const events = runtime.store.events.list({
            limit,
            ...(type === undefined
              ? {}
              : type.endsWith('*')
                ? { typePrefix: type.slice(0, -1) }
                : { type }),
            ...(session === undefined ? {} : { session }),
            ...(run === undefined ? {} : { run }),
          });
          if (context.json) {
            context.writeJson({ events });
            return 0;
          }
          if (events.length === 0) {
            context.out('No events.');
            return 0;
          }
          const rows = events.map((event) => [
            String(event.id),
            new Date(event.ts).toISOString(),
            event.type,
            event.source,
            JSON.stringify(event.payload),
          ]);
          context.out(
            renderTable(
              ['ID', 'TIME', 'TYPE', 'SOURCE', 'PAYLOAD'],
              rows,
              context.io.stdout.columns ?? 120,
            ),
          );
          return 0;
        } finally {
          runtime.close();
        }
      },
    },
  ],
};
