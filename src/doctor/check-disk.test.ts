import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { doctorInput, initialisedProjectPerTest } from '../../test/support/doctor-input.js';
import { checkDisk, sizeOf } from './check-disk.js';
import { formatBytes } from './check-result.js';

describe('checkDisk', () => {
  const project = initialisedProjectPerTest();

  it('sizes each cache and the event log', async () => {
    const home = project.env.CLAUDE_HYBRID_HOME ?? '';
    mkdirSync(join(home, 'cache', 'v8'), { recursive: true });
    writeFileSync(join(home, 'cache', 'v8', 'app.bin'), Buffer.alloc(3 * 1024));
    writeFileSync(join(home, 'cache', 'responses.db'), Buffer.alloc(2048));
    const loaded = await loadConfig({ cwd: project.dir, env: project.env });
    const check = checkDisk(doctorInput(project.dir, project.env), loaded);
    expect(check.status).toBe('ok');
    expect(check.detail).toContain('response cache 2.0 KB');
    expect(check.detail).toContain('compile cache 3.0 KB');
    const log = join(project.dir, '.claude-hybrid', 'state.db');
    expect(check.detail).toContain(`event log ${formatBytes(sizeOf(log))} (${log})`);
  });

  it('formats sizes for a person', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  });
});
