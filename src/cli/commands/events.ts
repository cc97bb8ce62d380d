import { resolve } from 'node:path';
import { parseDuration } from '../../files/index.js';
import { UsageError } from '../../errors.js';
import { createRuntime } from '../../runtime.js';
import type { Runtime } from '../../runtime.js';
import type { EventFilter, EventQuery, EventRecord } from '../../store/index.js';
import { resolveHybridHome } from '../../config/index.js';
import { daemonEventList, followDaemonEvents } from '../../daemon/events-client.js';
import { eventJson } from '../../events/event-json.js';
import { integerValue, stringValue } from '../args.js';
import type { CliContext, CommandGroup, OptionSpec, ParsedValues } from '../command.js';
import { renderTable } from '../output.js';

/** How often `events tail` looks for new events. */
const TAIL_INTERVAL_MS = 250;

const FILTER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  type: {
    type: 'string',
    value: 'TYPE',
    description: 'Only this event type (a trailing * matches a prefix, e.g. "hook.*")',
  },
  session: { type: 'string', value: 'ID', description: 'Only events of this session' },
  run: { type: 'string', value: 'ID', description: 'Only events of this run' },
  since: {
    type: 'string',
    value: 'DURATION',
    description: 'Only events of the last 30s, 90m, 24h, 7d...',
  },
  project: {
    type: 'string',
    value: 'DIR',
    description: 'The project whose log to read (default: this one)',
  },
};

/** The filter the options describe; `--since` is relative to now. */
function filterOf(values: ParsedValues, now: number): EventFilter {
  const type = stringValue(values, 'type');
  const session = stringValue(values, 'session');
  const run = stringValue(values, 'run');
  const sinceText = stringValue(values, 'since');
  const since = sinceText === undefined ? undefined : parseDuration(sinceText);
  if (sinceText !== undefined && since === undefined)
    throw new UsageError(
      `--since needs a duration such as 30s, 90m, 24h or 7d; got "${sinceText}"`,
    );
  return {
    ...(type === undefined
      ? {}
      : type.endsWith('*')
        ? { typePrefix: type.slice(0, -1) }
        : { type }),
    ...(session === undefined ? {} : { session }),
    ...(run === undefined ? {} : { run }),
    ...(since === undefined ? {} : { since: now - since }),
  };
}

/** The directory `--project DIR` names (or this one). */
function projectDir(context: CliContext, values: ParsedValues): string {
  const project = stringValue(values, 'project');
  return project === undefined ? context.io.cwd : resolve(context.io.cwd, project);
}

/** The runtime of `--project DIR` (or this project). */
async function projectRuntime(context: CliContext, values: ParsedValues): Promise<Runtime> {
  const cwd = projectDir(context, values);
  const loaded = await context.loadConfig(undefined, false, cwd);
  return createRuntime({ loaded, cwd, env: context.io.env });
}

/** In-process: read the project's store directly. */
async function storeEvents(
  context: CliContext,
  values: ParsedValues,
  query: EventQuery,
): Promise<EventRecord[]> {
  const runtime = await projectRuntime(context, values);
  try {
    return runtime.store.events.list(query);
  } finally {
    runtime.close();
  }
}

function eventRows(events: readonly EventRecord[]): string[][] {
  return events.map((event) => [
    String(event.id),
    new Date(event.ts).toISOString(),
    event.type,
    event.source,
    JSON.stringify(event.payload),
  ]);
}

export const eventsGroup: CommandGroup = {
  name: 'events',
  summary: 'Read the project event log (.claude-hybrid/state.db).',
  subcommands: [
    {
      name: 'list',
      summary: 'List recent events, newest first',
      usage:
        '[--type T] [--session S] [--run R] [--since DURATION] [--project DIR] [--limit N] [--json]',
      details:
        'Recent events, newest first (default 50, at most 10000). --type hook.* matches a prefix;\n' +
        "--since takes 30s, 90m, 24h, 7d, 2w; --project DIR reads another project's log. Needs an\n" +
        'initialised project. While the daemon runs, the events come from it (it has the log open\n' +
        'already); otherwise the command reads the log itself.\n\n' +
        'JSON: {events: [{id, at, type, version, source, session, run, payload}], via: "daemon" or\n' +
        '"store"}; at is ISO-8601.',
      options: {
        ...FILTER_OPTIONS,
        limit: {
          type: 'string',
          value: 'N',
          description: 'At most N events (default 50, max 10000)',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid events list',
        'claude-hybrid events list --type "hook.*" --since 1h --json',
      ],
      async run(context, values) {
        const limit = integerValue(values, 'limit', 50, { min: 1, max: 10_000 });
        const filter = filterOf(values, Date.now());
        const query: EventQuery = { limit, ...filter };
        const home = resolveHybridHome(context.io.env);
        // While the daemon runs it has the store open: ask it, else read the store here.
        const fromDaemon = await daemonEventList(home, projectDir(context, values), query);
        const events = fromDaemon ?? (await storeEvents(context, values, query));
        if (context.json) {
          context.writeJson({
            events: events.map(eventJson),
            via: fromDaemon === undefined ? 'store' : 'daemon',
          });
          return 0;
        }
        if (events.length === 0) {
          context.out('No events.');
          return 0;
        }
        context.out(
          renderTable(
            ['ID', 'TIME', 'TYPE', 'SOURCE', 'PAYLOAD'],
            eventRows(events),
            context.io.stdout.columns ?? 120,
          ),
        );
        return 0;
      },
    },
    {
      name: 'tail',
      summary: 'Follow the event log: print events as they are recorded, until Ctrl-C',
      usage: '[--type T] [--session S] [--run R] [--since DURATION] [--project DIR] [--json]',
      details:
        'Starts with the events of --since (default: none before now). While the daemon runs it\n' +
        'pushes each event as it records it; otherwise the log is polled four times a second.\n' +
        'With --json it prints one JSON event per line, as events list --json prints each.',
      options: FILTER_OPTIONS,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid events tail --type "tool.*"'],
      async run(context, values) {
        const filter = filterOf(values, Date.now());
        const print = (event: EventRecord): void => {
          if (context.json) context.io.stdout.write(`${JSON.stringify(eventJson(event))}\n`);
          else context.out(eventRows([event])[0]?.join('  ') ?? '');
        };
        let stopped = false;
        let stopStream: (() => void) | undefined;
        const stop = (): void => {
          stopped = true;
          stopStream?.();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          // While the daemon runs, it pushes each event as it records it.
          let afterId: number | undefined;
          const live = followDaemonEvents(
            resolveHybridHome(context.io.env),
            projectDir(context, values),
            filter,
            print,
          );
          if (live !== undefined) {
            stopStream = live.stop;
            afterId = await live.done.catch(() => undefined);
            if (stopped) return 0;
          }
          // No daemon, or it stopped: poll the store, from the last event shown.
          await pollStore(context, values, filter, afterId, print, () => stopped);
          return 0;
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
        }
      },
    },
  ],
};

/** `events tail` without the daemon: polls the store four times a second until `stopped()`. */
async function pollStore(
  context: CliContext,
  values: ParsedValues,
  filter: EventFilter,
  from: number | undefined,
  print: (event: EventRecord) => void,
  stopped: () => boolean,
): Promise<void> {
  const runtime = await projectRuntime(context, values);
  try {
    const store = runtime.store;
    let afterId =
      from ?? (filter.since === undefined ? (store.events.list({ limit: 1 })[0]?.id ?? 0) : 0);
    while (!stopped()) {
      const events = store.events.list({ ...filter, afterId, order: 'asc', limit: 1000 });
      for (const event of events) print(event);
      afterId = events.at(-1)?.id ?? afterId;
      if (events.length < 1000) await new Promise((done) => setTimeout(done, TAIL_INTERVAL_MS));
    }
  } finally {
    runtime.close();
  }
}
