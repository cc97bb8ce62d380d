import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { makeTempDir } from './temp-dir.js';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server by pid and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Why a real Redis cannot be started here, or undefined when it can: integration tests skip
 * with this message, never silently.
 */
export function redisUnavailable(): string | undefined {
  if (!existsSync(REDIS_SERVER))
    return `redis-server is not installed (${REDIS_SERVER}); install it: apt-get install -y redis-server`;
  const version = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return `redis-server does not run: ${version.stderr.trim()}`;
  return undefined;
}

/**
 * A throwaway Redis on a free loopback port, in a temporary directory, with nothing saved to
 * disk. Resolves once it answers PING.
 */
export async function startRedis(): Promise<RedisServer> {
  const problem = redisUnavailable();
  if (problem !== undefined) throw new Error(problem);
  const temp = makeTempDir('claude-hybrid-redis-');
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      temp.dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--logfile',
      join(temp.dir, 'redis.log'),
      // BullMQ requires keys never to be evicted.
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server did not start');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    temp.cleanup();
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout.trim() === 'PONG') break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { url: `redis://127.0.0.1:${port}`, port, pid, stop };
}
