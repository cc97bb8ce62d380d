import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { HOOK_EVENTS, isTelemetryEvent } from './hook-events.js';
import { policyOf } from '../claude-code/hooks-settings.js';
import { drainSpool, spoolDir, spoolEvent } from './spool.js';

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

  it('spools the events whose answer nobody reads: those run in the background, and Stop', () => {
    // One list decides both. SessionEnd is not spooled (Claude Code exits right after it, so the
    // daemon must have it); Stop is spooled, but runs in the foreground, being the last event of
    // a -p run, after which Claude Code would kill a background hook.
    const spooled = HOOK_EVENTS.filter((event) => isTelemetryEvent(event));
    expect(spooled).toEqual([
      'PostToolUseFailure',
      'SubagentStart',
      'SubagentStop',
      'Stop',
      'Notification',
      'PreCompact',
    ]);
    expect(HOOK_EVENTS.filter((event) => policyOf(event).async)).toEqual(
      spooled.filter((event) => event !== 'Stop'),
    );
  });
});
