import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openStore } from '../store/index.js';
import type { HookInput } from './hook-events.js';
import { HookHandler } from './hook-handler.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/transcripts/claude-code-2.1.197');
const SESSION = 'fba7221b-504c-4517-a271-3428c91ef06b';

let temp: { dir: string; cleanup: () => void };
let input: HookInput;
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-handler-reconcile-');
  cpSync(FIXTURES, join(temp.dir, 'projects'), { recursive: true });
  input = {
    session_id: SESSION,
    cwd: temp.dir, // in no project: the home's store (daemon.db)
    transcript_path: join(temp.dir, 'projects', `${SESSION}.jsonl`),
  };
});
afterEach(() => {
  temp.cleanup();
});

function recorded(type: string): Record<string, unknown>[] {
  const store = openStore({ path: join(temp.dir, 'daemon.db') });
  try {
    return store.events
      .list({ type, order: 'asc', limit: 1000 })
      .map((event) => event.payload as Record<string, unknown>);
  } finally {
    store.close();
  }
}

describe('HookHandler and the transcript', () => {
  it('Stop reconciles what hooks missed; hooks that come late record nothing twice', () => {
    const handler = new HookHandler({ hybridHome: temp.dir });
    try {
      // The first call's hooks arrived; nothing else did before Stop.
      const echo = { ...input, tool_name: 'Bash', tool_use_id: 'toolu_fake_000001' };
      handler.handle('PreToolUse', { ...echo, tool_input: { command: 'echo hi' } });
      handler.handle('PostToolUse', echo);
      handler.handle('Stop', input);
      // Late background hooks of calls the transcript already gave.
      const agent = { ...input, tool_name: 'Agent', tool_use_id: 'toolu_fake_000003' };
      handler.handle('PreToolUse', { ...agent, tool_input: { subagent_type: 'helper' } });
      handler.handle('PostToolUse', agent);
      handler.handle('SessionEnd', input);
    } finally {
      handler.close();
    }
    const tools = recorded('tool.completed');
    expect(tools.map((tool) => [tool.toolUseId, tool.reconciled ?? false])).toEqual([
      ['toolu_fake_000001', false],
      ['toolu_fake_000002', true],
      ['toolu_fake_000003', true],
      ['toolu_fake_000004', true],
    ]);
    expect(recorded('agent.delegated')).toEqual([
      {
        toolUseId: 'toolu_fake_000003',
        subagentType: 'helper',
        description: 'Run check',
        reconciled: true,
      },
    ]);
    // Every hook event is still recorded as it came.
    expect(recorded('hook.PostToolUse')).toHaveLength(2);
  });

  it('the daemon reconciles a session the first time it sees it; the one-event fallback does not', () => {
    const once = new HookHandler({ hybridHome: temp.dir });
    try {
      once.handle('Notification', input);
    } finally {
      once.close();
    }
    expect(recorded('tool.completed')).toEqual([]);
    const daemon = new HookHandler({ hybridHome: temp.dir, reconcileNewSessions: true });
    try {
      daemon.handle('Notification', input);
      expect(recorded('tool.completed')).toHaveLength(4);
      daemon.handle('Notification', input);
    } finally {
      daemon.close();
    }
    expect(recorded('tool.completed')).toHaveLength(4);
  });
});
