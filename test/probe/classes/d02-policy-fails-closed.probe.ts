import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuilt, tempProject } from '../../support/cli.js';
import type { ProbeCase, ProbeClass, ProbeResult } from '../probe-kit.js';
import { withPolicyDaemon } from '../policy-daemon.js';

// D2: a config file the daemon could not use turned the Bash deny policy off without a word.
// Now the last clean patterns stay in force (or every Bash command is denied), daemon.log says
// so once, and `daemon status` lists the problem. A denied command that runs is `lost`.

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u001f]/;
const CLEAN = 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n';
const NODE_RELAY = fileURLToPath(new URL('../../../dist/hook-relay.cjs', import.meta.url));

/** The daemon read CLEAN; then the config becomes `break(file)`; `rm -rf /` must stay denied. */
function brokenConfig(name: string, breakConfig: (file: string) => void): ProbeCase {
  return {
    name,
    run: () =>
      withPolicyDaemon(CLEAN, async (daemon): Promise<ProbeResult> => {
        if ((await daemon.bash('rm -rf /')).decision !== 'deny')
          return { outcome: 'lost', detail: 'the clean rule did not deny' };
        breakConfig(daemon.configFile);
        const answered = await daemon.bash('rm -rf / --no-preserve-root');
        if (answered.status !== 200)
          return { outcome: 'crashed', detail: `hook answered ${answered.status}` };
        if (answered.decision !== 'deny')
          return { outcome: 'lost', detail: 'rm -rf / was allowed once the config broke' };
        // Reported once, not per event.
        await daemon.bash('rm -rf / again');
        const log = daemon.policyLog();
        const problems = await daemon.policyProblems();
        if (log.length !== 1 || problems.length !== 1)
          return {
            outcome: 'lost',
            detail: `not reported: ${log.length} log lines, ${problems.length} status problems`,
          };
        if (CONTROL.test(log[0] ?? '') || CONTROL.test(problems[0]?.problem ?? ''))
          return { outcome: 'lost', detail: 'control characters reached the log or the status' };
        return {
          outcome: 'handled',
          detail: `${problems[0]?.action}: ${problems[0]?.problem.slice(0, 160)}`,
        };
      }),
  };
}

const write = (text: string | Buffer) => (file: string) => {
  writeFileSync(file, text);
};

/** With hooks.onBadPolicy: deny, a broken config denies every Bash command. */
function denyMode(): ProbeCase {
  return {
    name: 'hooks.onBadPolicy deny: a YAML error denies every Bash command',
    run: () =>
      withPolicyDaemon(`${CLEAN}  onBadPolicy: deny\n`, async (daemon): Promise<ProbeResult> => {
        if ((await daemon.bash('ls')).decision !== undefined)
          return { outcome: 'crashed', detail: 'ls was denied under a clean policy' };
        daemon.writeConfig('version: 1\nhooks: [\n');
        if ((await daemon.bash('ls')).decision !== 'deny')
          return { outcome: 'lost', detail: 'ls was allowed under a broken deny-mode policy' };
        return { outcome: 'handled' };
      }),
  };
}

/** No daemon: the in-process hook applies the same fallback. */
function inProcess(name: string, text: string, command: string, clearCache: boolean): ProbeCase {
  return {
    name,
    async run(): Promise<ProbeResult> {
      const project = tempProject();
      try {
        const { dir, env } = project;
        if ((await runBuilt(['init'], { cwd: dir, env })).code !== 0)
          return { outcome: 'crashed', detail: 'init failed' };
        const file = join(dir, '.claude-hybrid', 'config.yaml');
        writeFileSync(file, CLEAN);
        // A command that reads the config cleanly remembers it (the fallback's source).
        await runBuilt(['config', 'validate'], { cwd: dir, env });
        if (clearCache)
          rmSync(join(env.CLAUDE_HYBRID_HOME ?? '', 'cache', 'config'), {
            recursive: true,
            force: true,
          });
        writeFileSync(file, text);
        const result = spawnSync(process.execPath, [NODE_RELAY, 'PreToolUse'], {
          input: JSON.stringify({
            session_id: 'probe',
            cwd: dir,
            tool_name: 'Bash',
            tool_use_id: 'probe-1',
            tool_input: { command },
          }),
          env,
          cwd: dir,
          encoding: 'utf8',
          timeout: 30_000,
        });
        if (result.status !== 0) return { outcome: 'crashed', detail: result.stderr };
        const decision =
          result.stdout === ''
            ? undefined
            : (
                JSON.parse(result.stdout) as {
                  hookSpecificOutput?: { permissionDecision?: string };
                }
              ).hookSpecificOutput?.permissionDecision;
        if (decision !== 'deny') return { outcome: 'lost', detail: `${command} was allowed` };
        return { outcome: 'handled', detail: result.stdout.slice(0, 200) };
      } finally {
        project.cleanup();
      }
    },
  };
}

export const probe: ProbeClass = {
  id: 'D2',
  title: 'the Bash deny policy fails closed, and says so, when its config breaks',
  cases: [
    brokenConfig(
      'a YAML error in another section',
      write(`${CLEAN}engine:\n  maxConcurrency: [1\n`),
    ),
    brokenConfig('denyBash as a string', write('version: 1\nhooks:\n  denyBash: "rm -rf /"\n')),
    brokenConfig('denyBash misspelt', write('version: 1\nhooks:\n  denyBsh: ["rm -rf /"]\n')),
    brokenConfig('denyBash as a number', write('version: 1\nhooks:\n  denyBash: 7\n')),
    brokenConfig('hooks as a list', write('version: 1\nhooks: [rm]\n')),
    brokenConfig('the root a scalar', write('just text\n')),
    brokenConfig('tab indentation', write('version: 1\nhooks:\n\tdenyBash: []\n')),
    brokenConfig(
      'binary garbage',
      write(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a])),
    ),
    brokenConfig(
      'escape sequences in the YAML error',
      write('version: 1\nhooks:\n  denyBash: "\\e[2J\\e]0;pwned\\a"\n'),
    ),
    brokenConfig('over 1 MiB', write(`${CLEAN}# ${'x'.repeat(1_100_000)}\n`)),
    brokenConfig(
      'a YAML alias bomb',
      write(
        `version: 1\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
      ),
    ),
    brokenConfig('a pattern RE2 refuses', write('version: 1\nhooks:\n  denyBash: ["(a)\\\\1"]\n')),
    brokenConfig('the file deleted', (file) => {
      rmSync(file);
    }),
    brokenConfig('a directory in place of the file', (file) => {
      rmSync(file);
      mkdirSync(file);
    }),
    denyMode(),
    inProcess(
      'in-process: a YAML error, last clean patterns kept',
      `${CLEAN}engine: [\n`,
      'rm -rf /',
      false,
    ),
    inProcess(
      'in-process: a YAML error never read cleanly denies every command',
      'version: 1\nhooks: [\n',
      'ls',
      true,
    ),
  ],
};
