import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { HOOK_EVENTS, isTelemetryEvent } from './hook-events.js';
import { openStore } from '../store/index.js';
import { HookHandler } from './hook-handler.js';
import { drainSpool, spoolDir, spoolEvent, spoolKey } from './spool.js';
import { handleSpooled } from './spool-watcher.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-spool-');
});
afterEach(() => {
  temp.cleanup();
});

describe('the spool', () => {
  it('hands events over oldest first and deletes each once handled', () => {
    spoolEvent(temp.dir, 'Stop', '{"n":1}');
    spoolEvent(temp.dir, 'Notification', '{"n":2}');
    const seen: string[] = [];
    expect(
      drainSpool(temp.dir, (event, input) => (seen.push(`${event} ${input}`), 'handled')),
    ).toBe(2);
    expect(seen).toEqual(['Stop {"n":1}', 'Notification {"n":2}']);
    expect(readdirSync(spoolDir(temp.dir))).toEqual([]);
  });

  it('keeps an event whose handling failed for the next drain, and moves garbage aside', () => {
    spoolEvent(temp.dir, 'Stop', '{}');
    writeFileSync(join(spoolDir(temp.dir), '00000000000001-1-1.json'), 'not json');
    expect(
      drainSpool(temp.dir, () => {
        throw new Error('store busy');
      }),
    ).toBe(0);
    expect(existsSync(join(spoolDir(temp.dir), 'bad', '00000000000001-1-1.json'))).toBe(true);
    expect(drainSpool(temp.dir, () => 'handled')).toBe(1);
    spoolEvent(temp.dir, 'Bogus', '{}');
    expect(drainSpool(temp.dir, () => 'bad')).toBe(0);
    expect(readdirSync(join(spoolDir(temp.dir), 'bad'))).toHaveLength(2);
  });

  it('spools the events whose answer nobody reads', () => {
    // SessionEnd is not spooled: Claude Code exits right after it, so the daemon must have it.
    const spooled = HOOK_EVENTS.filter((event) => isTelemetryEvent(event));
    expect(spooled).toEqual([
      'PostToolUseFailure',
      'SubagentStart',
      'SubagentStop',
      'Stop',
      'Notification',
      'PreCompact',
    ]);
  });

  it('records a spooled event once, however often it is replayed (a crash before the delete)', () => {
    const stop = JSON.stringify({ session_id: 'S1', cwd: temp.dir });
    spoolEvent(temp.dir, 'Stop', stop);
    const [name] = readdirSync(spoolDir(temp.dir));
    const saved = join(temp.dir, 'saved.json');
    copyFileSync(join(spoolDir(temp.dir), name ?? ''), saved);
    const handler = new HookHandler({ hybridHome: temp.dir });
    const drain = (): number =>
      drainSpool(temp.dir, (event, input, receivedAt, key) =>
        handleSpooled(handler, event, input, receivedAt, key),
      );
    try {
      expect(drain()).toBe(1);
      // The daemon died after recording, before deleting: the same file is there again.
      mkdirSync(spoolDir(temp.dir), { recursive: true });
      copyFileSync(saved, join(spoolDir(temp.dir), name ?? ''));
      expect(drain()).toBe(1);
      expect(readdirSync(spoolDir(temp.dir))).toEqual([]);
    } finally {
      handler.close();
    }
    const store = openStore({ path: join(temp.dir, 'daemon.db') });
    try {
      expect(store.events.count({ type: 'hook.Stop' })).toBe(1);
      expect(store.events.hasKey(spoolKey(name ?? ''))).toBe(true);
    } finally {
      store.close();
    }
  });
});
