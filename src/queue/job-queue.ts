import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullmq } from './bullmq-library.js';
import { decodeFailure } from './job-failure.js';
import type { QueuedJob } from './job-data.js';
import type { CALLS_QUEUE, WORKFLOWS_QUEUE } from './queue-names.js';
import { QUEUE_PREFIX } from './queue-names.js';
import type { QueueUrl } from './queue-url.js';
import { connectRedis } from './redis-connection.js';
import type { RedisConnectionOptions } from './redis-connection.js';

export type QueueName = typeof CALLS_QUEUE | typeof WORKFLOWS_QUEUE;

/**
 * How a job is retried and kept. A job that throws something other than our own error (a bug, a
 * poisoned payload) is tried 3 times with backoff, then kept in the failed set with its error;
 * our own errors fail at once (the engine has already retried what can be retried). Finished
 * jobs are kept a day: a coordinator that takes a run over reads its finished steps from them.
 */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** How often a waiter looks up its job, besides listening for its events. */
const FINISH_POLL_MS = 1000;

/** Claude Hybrid's two queues on one Redis: enqueue a job, wait for one to finish. */
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly events = new Map<QueueName, QueueEvents>();

  private constructor(
    readonly url: QueueUrl,
    /** For our own commands (streams, the shared rate limit); BullMQ duplicates it as needed. */
    readonly redis: Redis,
  ) {}

  static async open(url: QueueUrl, options: RedisConnectionOptions = {}): Promise<JobQueue> {
    return new JobQueue(url, await connectRedis(url, options));
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      const { Queue } = bullmq();
      queue = new Queue(name, { connection: this.redis, prefix: QUEUE_PREFIX });
      queue.setMaxListeners(0);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Enqueues a job under its id. A job of that id already there is that job (BullMQ adds
   * nothing): a finished one answers from its record. One that failed is tried again.
   */
  async add(name: QueueName, jobId: string, data: QueuedJob): Promise<Job> {
    const job = await this.queue(name).add(data.kind, data, { ...JOB_OPTIONS, jobId });
    if ((await job.getState()) === 'failed') await job.retry('failed');
    return job;
  }

  /**
   * The job's result once it has finished, or its error (see decodeFailure). Told by the queue's
   * events, and also looked up every FINISH_POLL_MS: an event trimmed from Redis's stream under
   * load, or missed in a reconnect, cannot leave a caller waiting forever.
   */
  async wait(name: QueueName, job: Job, what: string, signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted();
    const events = await this.queueEvents(name);
    const queue = this.queue(name);
    const jobId = job.id ?? '';
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { value: unknown } | { error: unknown }): void => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        signal?.removeEventListener('abort', onAbort);
        if ('value' in outcome) resolve(outcome.value);
        else
          reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      };
      const failed = (reason: string): void => {
        finish({ error: decodeFailure(reason, what) });
      };
      const onAbort = (): void => {
        finish({ error: signal?.reason });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      job.waitUntilFinished(events).then(
        (value: unknown) => {
          finish({ value });
        },
        (error: unknown) => {
          failed(error instanceof Error ? error.message : String(error));
        },
      );
      const poll = setInterval(() => {
        bullmq()
          .Job.fromId(queue, jobId)
          .then(async (current) => {
            if (current === undefined) return;
            const state = await current.getState();
            if (state === 'completed') finish({ value: current.returnvalue });
            else if (state === 'failed') failed(current.failedReason);
          })
          .catch(() => undefined);
      }, FINISH_POLL_MS);
    });
  }

  private async queueEvents(name: QueueName): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (events === undefined) {
      const { QueueEvents } = bullmq();
      events = new QueueEvents(name, { connection: this.redis.duplicate(), prefix: QUEUE_PREFIX });
      events.setMaxListeners(0);
      this.events.set(name, events);
    }
    await events.waitUntilReady();
    return events;
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      ...[...this.events.values()].map((events) => events.close()),
      ...[...this.queues.values()].map((queue) => queue.close()),
    ]);
    this.redis.disconnect();
  }
}
