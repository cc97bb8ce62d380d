import { createEngine } from '../../engine/engine.bundle.js';
import { UsageError } from '../../errors.js';
import { JobQueue, QueueWorker, parseQueueUrl } from '../../queue/queue.bundle.js';
import { integerValue, stringValue } from '../args.js';
import type { CommandGroup } from '../command.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';

export const workerGroup: CommandGroup = {
  name: 'worker',
  summary: 'Run agent runs and workflow steps from a Redis queue (BullMQ), until stopped.',
  subcommands: [
    {
      name: '',
      summary: 'Run agent runs and workflow steps from a Redis queue (BullMQ), until stopped.',
      usage: '[--queue URL] [--concurrency N]',
      details:
        'Takes jobs that `run --queue` and `workflow run --queue` enqueue: agent runs and workflow\n' +
        'steps (at most --concurrency model calls at once, default config queue.concurrency), and\n' +
        "workflow runs, whose steps it fans out to every worker. Jobs run through this project's\n" +
        'engine, agents and config, as `run` would run them here; start workers in a checkout of the\n' +
        'project. Their events go back to the caller. A worker killed mid-job loses nothing: after\n' +
        '10 s without its lock the job goes to another worker, and finished steps are not asked\n' +
        'again. With queue.requestsPerSecond set, all workers share that request rate through\n' +
        'Redis. Ctrl-C (or SIGTERM) stops taking jobs and lets those in progress finish.\n' +
        'Needs the optional packages bullmq and ioredis (npm install bullmq ioredis).',
      options: {
        queue: {
          type: 'string',
          value: 'URL',
          description: 'The Redis to take jobs from (default: config queue.url)',
        },
        concurrency: {
          type: 'string',
          value: 'N',
          description: 'Model calls at once (default: config queue.concurrency)',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid worker --queue redis://127.0.0.1:6379 --concurrency 4',
        'claude-hybrid worker   # with queue.url in .claude-hybrid/config.yaml',
      ],
      async run(context, values) {
        const { runtime, loaded } = await runtimeForAgents(context, values);
        const text = stringValue(values, 'queue') ?? loaded.config.queue.url;
        if (text === '')
          throw new UsageError(
            'the worker needs a queue',
            'pass --queue redis://HOST:PORT, or set queue.url in the config',
          );
        const url = parseQueueUrl(text);
        const concurrency = integerValue(values, 'concurrency', loaded.config.queue.concurrency, {
          min: 1,
          max: 256,
          hint: 'pass e.g. --concurrency 4',
        });
        const engine = createEngine({ runtime, env: context.io.env });
        const log = (line: string): void => {
          context.io.stderr.write(`${new Date().toISOString()} ${line}\n`);
        };
        let lost: ((error: unknown) => void) | undefined;
        const connectionLost = new Promise<never>((_, reject) => {
          lost = reject;
        });
        connectionLost.catch(() => undefined);
        const queue = await JobQueue.open(url, { onLost: (error) => lost?.(error) });
        const worker = new QueueWorker({ engine, queue, concurrency, log });
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => {
          stop = resolve;
        });
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await Promise.race([worker.ready(), connectionLost]);
          log(
            `worker ready: ${url.shown}, ${concurrency} call${concurrency === 1 ? '' : 's'} at once, project ${loaded.projectRoot}`,
          );
          await Promise.race([stopped, connectionLost]);
          log('stopping: finishing the jobs in progress');
          await worker.close();
          return 0;
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          await queue.close();
          await engine.closeAndWait();
          runtime.close();
        }
      },
    },
  ],
};
