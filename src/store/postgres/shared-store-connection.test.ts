import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/free-port.js';
import { SharedStoreConnection } from './shared-store-connection.js';

describe('SharedStoreConnection', () => {
  it('fails each use while the server is down, and refuses after close', async () => {
    const port = await freePort();
    const connection = new SharedStoreConnection(`postgres://u:hunter2@127.0.0.1:${port}/db`, {
      connectTimeoutMs: 1000,
    });
    const attempt = (): Promise<unknown> =>
      connection.checkpoints.run('r').catch((error: unknown) => error);
    expect(await attempt()).toMatchObject({ code: 'store.unreachable' });
    expect(await attempt()).toMatchObject({ code: 'store.unreachable' });
    await connection.close();
    const closed = await connection.events.query({}).catch((error: unknown) => error);
    expect(closed).toMatchObject({ code: 'store.failed' });
    expect((closed as Error).message).not.toContain('hunter2'); // a StoreError, checked above
  });

  it('refuses a malformed URL at once, before any use', () => {
    expect(() => new SharedStoreConnection('redis://u:hunter2@host/0')).toThrow(
      expect.objectContaining({ code: 'store.invalid_url', exitCode: 2 }),
    );
  });
});
