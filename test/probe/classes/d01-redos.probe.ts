import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuilt, tempProject } from '../../support/cli.js';
import { refusal } from '../probe-kit.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { withPolicyDaemon } from '../policy-daemon.js';
import type { PolicyDaemon } from '../policy-daemon.js';

// D1: a hooks.denyBash pattern in a project config froze the daemon for every project (31.5 s
// for `^(a+)+$` against 29 `a`s and a `!`). Patterns now run on re2js in linear time within a
// budget, and those it cannot run, or that are too large, are refused with the config.

/** A hook slower than this stalled the daemon (the report's took 31.5 s). */
const STALLED_MS = 2_000;

/** A pattern the config loader must refuse: exit 2, error[config.invalid], no hang. */
function refusedPattern(name: string, pattern: string): ProbeCase {
  return {
    name,
    async run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const init = await runBuilt(['init'], { cwd: project.dir, env: project.env });
        if (init.code !== 0) return { outcome: 'crashed', detail: init.stderr };
        writeFileSync(
          join(project.dir, '.claude-hybrid', 'config.yaml'),
          `version: 1\nhooks:\n  denyBash:\n    - ${JSON.stringify(pattern)}\n`,
        );
        const result = await runBuilt(['config', 'validate'], {
          cwd: project.dir,
          env: project.env,
        });
        if (result.code === 2 && result.stdout.includes('hooks.denyBash.0'))
          return { outcome: 'refused', detail: result.stdout.trim().slice(0, 200) };
        const routed = await runBuilt(['route', 'add tests'], {
          cwd: project.dir,
          env: project.env,
        });
        return refusal(routed, 'config.invalid');
      } finally {
        project.cleanup();
      }
    },
  };
}

/**
 * A hostile pattern the engine runs: the adversarial command must be answered at once, /health
 * must answer meanwhile, and a command the pattern matches must still be denied (else `lost`).
 */
function hostilePattern(
  name: string,
  pattern: string,
  adversarial: string,
  matching: string,
): ProbeCase {
  return {
    name,
    run: () =>
      withPolicyDaemon(
        `version: 1\nhooks:\n  denyBash:\n    - ${JSON.stringify(pattern)}\n`,
        async (daemon) => {
          const hook = daemon.bash(adversarial);
          const health = await daemon.health();
          const answered = await hook;
          const slow = slowness(answered.ms, health);
          if (slow !== undefined) return slow;
          if (answered.status !== 200)
            return { outcome: 'crashed', detail: `hook answered ${answered.status}` };
          const denied = await daemon.bash(matching);
          if (denied.decision !== 'deny')
            return { outcome: 'lost', detail: `${JSON.stringify(matching)} was allowed` };
          return {
            outcome: 'handled',
            detail: `hook ${answered.ms.toFixed(0)} ms, health ${health.toFixed(0)} ms`,
          };
        },
      ),
  };
}

function slowness(hookMs: number, healthMs: number): ProbeResult | undefined {
  if (hookMs > STALLED_MS || healthMs > STALLED_MS)
    return {
      outcome: 'hang',
      detail: `hook ${hookMs.toFixed(0)} ms, /health ${healthMs.toFixed(0)} ms`,
    };
  return undefined;
}

/** A flood of adversarial commands while /health is polled: it must keep answering. */
function flood(): ProbeCase {
  return {
    name: 'a flood of adversarial commands against nested quantifiers, /health polled',
    run: () =>
      withPolicyDaemon(
        'version: 1\nhooks:\n  denyBash: ["^(a+)+$", "(a|aa)+b$", "^(\\\\w+\\\\s?)*$"]\n',
        async (daemon: PolicyDaemon) => {
          let done = false;
          const healths: number[] = [];
          const poll = (async () => {
            while (!done) {
              healths.push(await daemon.health());
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          })();
          const answers = await Promise.all(
            Array.from({ length: 8 }, async (_, client) => {
              const times: number[] = [];
              for (let index = 0; index < 25; index += 1)
                times.push((await daemon.bash(`${'a'.repeat(200 * (index + client))}!`)).ms);
              return Math.max(...times);
            }),
          );
          done = true;
          await poll;
          const slowest = slowness(Math.max(...answers), Math.max(...healths));
          if (slowest !== undefined) return slowest;
          if ((await daemon.bash('aaaa')).decision !== 'deny')
            return { outcome: 'lost', detail: '"aaaa" was allowed' };
          return {
            outcome: 'handled',
            detail: `200 hooks, slowest ${Math.max(...answers).toFixed(0)} ms; /health max ${Math.max(...healths).toFixed(0)} ms`,
          };
        },
      ),
  };
}

/** A command too long to check within the budget is denied, never checked only in part. */
function overBudget(): ProbeCase {
  return {
    name: 'rm -rf / behind 2 MB of padding',
    run: () =>
      withPolicyDaemon(
        'version: 1\nhooks:\n  denyBash: ["rm -rf /", "^(a+)+$"]\n',
        async (daemon) => {
          const answered = await daemon.bash(`${'a'.repeat(2_000_000)} ; rm -rf /`);
          if (answered.ms > STALLED_MS) return slowness(answered.ms, 0) ?? { outcome: 'hang' };
          if (answered.decision !== 'deny')
            return { outcome: 'lost', detail: 'the padded command was allowed' };
          return { outcome: 'handled', detail: `denied in ${answered.ms.toFixed(0)} ms` };
        },
      ),
  };
}

/** A pattern the engine refuses, in a running daemon: reported, not a hang or a crash. */
function refusedInDaemon(): ProbeCase {
  return {
    name: 'a backreference pattern reaches the running daemon',
    run: () =>
      withPolicyDaemon('version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n', async (daemon) => {
        if ((await daemon.bash('rm -rf /')).decision !== 'deny')
          return { outcome: 'lost', detail: 'the clean rule did not deny' };
        daemon.writeConfig('version: 1\nhooks:\n  denyBash: ["(a)\\\\1", "rm -rf /"]\n');
        const answered = await daemon.bash('rm -rf / now');
        if (answered.ms > STALLED_MS) return slowness(answered.ms, 0) ?? { outcome: 'hang' };
        if (answered.decision !== 'deny')
          return { outcome: 'lost', detail: 'the last clean rule was dropped' };
        const problems = await daemon.policyProblems();
        if (problems.length !== 1 || daemon.policyLog().length !== 1)
          return { outcome: 'lost', detail: 'the refused pattern was not reported' };
        return { outcome: 'refused', detail: problems[0]?.problem.slice(0, 200) ?? '' };
      }),
  };
}

const alternation = `(${Array.from({ length: 700 }, (_, index) => `w${index.toString(36)}`).join('|')})$`;

export const probe: ProbeClass = {
  id: 'D1',
  title: 'a hostile deny pattern cannot stall the daemon (ReDoS)',
  cases: [
    hostilePattern(
      'nested quantifiers ^(a+)+$, the report reproduction',
      '^(a+)+$',
      `${'a'.repeat(29)}!`,
      'aaaa',
    ),
    hostilePattern(
      'nested quantifiers ^(a+)+$ against 100,000 characters',
      '^(a+)+$',
      `${'a'.repeat(100_000)}!`,
      'aaaa',
    ),
    hostilePattern('overlapping alternation (a|aa)+$', '^(a|aa)+$', `${'a'.repeat(5_000)}!`, 'aa'),
    hostilePattern(
      'words and optional spaces ^(\\w+\\s?)*$',
      '^(\\w+\\s?)*$',
      `${'word '.repeat(5_000)}!`,
      'just words',
    ),
    hostilePattern(
      '(.*a){12} against no a',
      '(.*a){12}x',
      'b'.repeat(50_000),
      `${'a'.repeat(12)}x`,
    ),
    hostilePattern(
      'a huge alternation (3,000 characters)',
      alternation,
      Array.from({ length: 5_000 }, (_, index) => `v${index}`).join(' '),
      'echo wz',
    ),
    flood(),
    overBudget(),
    refusedInDaemon(),
    refusedPattern('a backreference', '(a)\\1'),
    refusedPattern('a lookahead', '(?=rm)rm -rf'),
    refusedPattern('a 4097-character pattern', 'a'.repeat(4_097)),
    refusedPattern('585 counted repeats (seconds to compile)', 'x{1000}'.repeat(585)),
    refusedPattern('nested counted repeats', '((a{100}){100}){100}'),
  ],
};
