import type { Engine } from '../../engine/index.js';
import { HybridError } from '../../errors.js';
import { JobQueue, parseQueueUrl, runAgentOnQueue } from '../../queue/queue.bundle.js';
import type { AgentRunRequest } from '../../queue/queue.bundle.js';
import type { CliContext } from '../command.js';
import { retryLine } from './retry-line.js';
import { escalationLine, statusLine } from './run-status-line.js';

/** What `run` hands a worker. */
export type QueuedRunRequest = AgentRunRequest;

/**
 * `run --queue`: enqueues the run, follows it on standard error while a worker runs it (its
 * events are recorded here too), then prints the answer as a local run does. Ctrl-C stops
 * following; the run goes on in the queue.
 */
export async function runOnQueue(
  context: CliContext,
  engine: Engine,
  url: string,
  request: QueuedRunRequest,
): Promise<number> {
  const queueUrl = parseQueueUrl(url);
  const queue = await JobQueue.open(queueUrl);
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort(
      new HybridError('run.interrupted', 'stopped following the run (Ctrl-C)', {
        exitCode: 2,
        hint: 'the run goes on in the queue; its events reach this project when it ends',
      }),
    );
  };
  process.once('SIGINT', interrupt);
  const note = (line: string): void => {
    if (!context.json && context.verbosity !== 'quiet')
      context.io.stderr.write(`${context.colors.dim(line)}\n`);
  };
  try {
    const result = await runAgentOnQueue(engine, queue, request, {
      signal: controller.signal,
      onQueued: (runId) => {
        note(`queued run ${runId} on ${queueUrl.shown}`);
      },
      onEvent: ({ event }) => {
        if (event.type === 'run.started') {
          const payload = event.payload as { agent: string; model: string };
          note(`running on a worker: ${payload.agent} on ${payload.model}`);
        } else if (event.type === 'run.retrying' && !context.json) {
          // Relayed from the worker's bus, as a run shows it locally.
          const line = retryLine(event.payload, context.verbosity);
          if (line !== undefined) context.io.stderr.write(`${context.colors.yellow(line)}\n`);
        } else if (
          event.type === 'run.escalated' &&
          !context.json &&
          context.verbosity !== 'quiet'
        ) {
          // A worker emitted it on its typed bus: the run.escalated payload.
          const payload = event.payload as Parameters<typeof escalationLine>[0];
          context.io.stderr.write(`${context.colors.yellow(escalationLine(payload))}\n`);
        }
      },
    });
    if (context.json) {
      context.writeJson(result);
      return 0;
    }
    context.payload(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    if (context.verbosity !== 'quiet')
      context.io.stderr.write(`${context.colors.dim(statusLine(result))}\n`);
    return 0;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await queue.close();
  }
}
