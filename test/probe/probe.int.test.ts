import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './probe-kit.js';
import type { ProbeClass, ProbeOutcome } from './probe-kit.js';

// The hardening probe: every probe class of shared/reports/reliability-probe.md, replayed against
// the built CLI and the daemon, counted as tried / refused / handled / lost / crashed / hang.
// Each class lives in classes/<id>.probe.ts and exports `probe: ProbeClass`.

const classesDir = fileURLToPath(new URL('./classes/', import.meta.url));
const files = readdirSync(classesDir)
  .filter((name) => name.endsWith('.probe.ts'))
  .sort();
const classes: ProbeClass[] = [];
for (const file of files) {
  const loaded = (await import(pathToFileURL(join(classesDir, file)).href)) as {
    probe: ProbeClass;
  };
  classes.push(loaded.probe);
}

const CASE_DEADLINE_MS = 45_000;

describe('hardening probe', () => {
  const tally: Record<ProbeOutcome, number> = {
    refused: 0,
    handled: 0,
    lost: 0,
    crashed: 0,
    hang: 0,
  };
  const failures: string[] = [];

  for (const probeClass of classes) {
    it(`${probeClass.id}: ${probeClass.title}`, { timeout: 10 * 60_000 }, async () => {
      for (const probeCase of probeClass.cases) {
        const result = await withDeadline(CASE_DEADLINE_MS, () => probeCase.run());
        tally[result.outcome] += 1;
        if (result.outcome === 'lost' || result.outcome === 'crashed' || result.outcome === 'hang')
          failures.push(
            `${probeClass.id} ${probeCase.name}: ${result.outcome} (${result.detail ?? ''})`,
          );
      }
      expect(failures.filter((line) => line.startsWith(`${probeClass.id} `))).toEqual([]);
    });
  }

  it('counts every probe: 0 crashed, 0 lost, 0 hangs', () => {
    const tried = Object.values(tally).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `hardening probe: ${classes.length} classes, tried ${tried}, refused ${tally.refused}, ` +
        `handled ${tally.handled}, lost ${tally.lost}, crashed ${tally.crashed}, hang ${tally.hang}\n`,
    );
    expect(tried).toBeGreaterThan(0);
    expect({ lost: tally.lost, crashed: tally.crashed, hang: tally.hang }).toEqual({
      lost: 0,
      crashed: 0,
      hang: 0,
    });
  });
});
