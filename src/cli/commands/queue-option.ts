import type { Config } from '../../config/index.js';
import { UsageError } from '../../errors.js';
import { flag, stringValue } from '../args.js';
import type { OptionSpec, ParsedValues } from '../command.js';

/** --queue and --local, for the commands that can run on a queue's workers. */
export const QUEUE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  queue: {
    type: 'string',
    value: 'URL',
    description:
      'Enqueue for the workers on this Redis (redis://HOST:PORT) instead of running here',
  },
  local: {
    type: 'boolean',
    description: 'Run here even when config queue.url names a queue',
  },
};

/** The queue to use: --queue, else config queue.url unless --local; undefined to run here. */
export function queueUrlOf(values: ParsedValues, config: Config): string | undefined {
  const given = stringValue(values, 'queue');
  if (given !== undefined && flag(values, 'local'))
    throw new UsageError('--queue and --local contradict each other', 'pass one of them');
  if (given !== undefined) {
    if (given.trim() === '')
      throw new UsageError('--queue needs a URL', 'pass e.g. --queue redis://127.0.0.1:6379');
    return given;
  }
  if (flag(values, 'local')) return undefined;
  return config.queue.url === '' ? undefined : config.queue.url;
}
