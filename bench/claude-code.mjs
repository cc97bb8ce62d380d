// What our Claude Code hooks cost a real session: the real Claude Code (the npm package) runs the
// same short scripted session (3 Bash calls, 1 Bash call the policy denies, 1 delegation) against
// the loopback fake Messages API, with our hooks installed (http mode, daemon up) and with none,
// each run in its own fresh project and the variants interleaved; the target figures are the
// medians over rounds of each session's wall time ÷ the hookless session's of the same round.
// Hooked variants: the default layout (`--blocking needed`: only PreToolUse of
// Bash, UserPromptSubmit, Stop, SubagentStop and SessionEnd block, the rest run in the background)
// and the fully blocking one (`--blocking all`). After each measured session, the tool calls
// (tool_use + tool_result pairs) and delegations in its transcripts are matched against what the
// daemon recorded (the ratio must be 1), and the denied command must not have run. Reported
// variants separate what Claude Code itself costs (one hook it never runs, the policy's PreToolUse
// hook alone, the blocking hooks alone) and what the plugin's MCP server costs.
//
// Two model speeds:
//  - MODEL_LATENCY_MS before each reply starts, as a model takes (the real API is slower to its
//    first token than this, so the overhead it gives is an upper bound): the target.
//  - an instant model, a stress case where nothing but Claude Code and its hooks takes time. Two
//    more variants separate the costs there: the same events answered by an endpoint that does
//    nothing (`{}` at once) show what our daemon adds, and every event registered as the command
//    `true` shows what Claude Code spends on running any hook at all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBench } from './bundle.mjs';
import { CLI, isolatedProject } from './fixtures.mjs';
import { median, pairedRatio } from './harness.mjs';

const CLAUDE = fileURLToPath(new URL('../node_modules/.bin/claude', import.meta.url));
/**
 * CLAUDE_CODE_BENCH_TARGET_ONLY=1: only the sessions with the modelled latency (the targets), not
 * the instant-model stress case; for repeated runs on a busy machine.
 */
const TARGET_ONLY = process.env.CLAUDE_CODE_BENCH_TARGET_ONLY === '1';
/**
 * Runs per variant, after one warm-up round of each. Seven left run-to-run swings of ±5% in the
 * medians on a 2-core VM, more than the 3% a target allows; twelve paired rounds halve that.
 */
const RUNS = 12;
/** Wait before each Messages reply starts in the target case, in ms. */
const MODEL_LATENCY_MS = 250;
const PROMPT = 'BENCH_SESSION: run the checks, then ask qa.';
/** A sentence from the deployed qa agent's body: how the fake knows the subagent's requests. */
const QA_SYSTEM = 'You are a quality engineer';
/** The last step is denied by the project's policy: it must never run with our hooks. */
const DENIED_FILE = 'denied.txt';
const BASH_STEPS = ['echo one', 'ls -a', 'echo three > step3.txt', `touch ${DENIED_FILE}`];
const POLICY = "version: 1\nhooks:\n  denyBash:\n    - 'touch denied'\n";

function loadCoverage() {
  const file = bundleForBench(
    'claude-code-transcript-coverage',
    "export { transcriptCalls } from './test/support/transcript-coverage.ts';",
  );
  return import(file);
}

function loadFake() {
  const file = bundleForBench(
    'claude-code-fake',
    "export { startFakeAnthropic } from './test/support/fake-anthropic/index.ts';",
    ['@anthropic-ai/sdk'],
  );
  return import(file);
}

function lastToolResultId(body) {
  const content = body.messages.at(-1)?.content;
  if (!Array.isArray(content)) return undefined;
  return content.filter((block) => block?.type === 'tool_result').at(-1)?.tool_use_id;
}

/** The session: three Bash calls, one delegation to qa (which answers with a Remember block). */
function sessionReply(body) {
  if (JSON.stringify(body.system ?? '').includes(QA_SYSTEM))
    return {
      text: 'Checked.\n\n# Remember:\nType: gotcha\nContent: The bench fixture has three steps.\n',
    };
  if (!JSON.stringify(body.messages[0]?.content ?? '').includes('BENCH_SESSION'))
    return { text: 'ok' };
  const last = lastToolResultId(body);
  const step = last === undefined ? 0 : Number(/^toolu_bench_(\d+)$/.exec(last)?.[1] ?? 99) + 1;
  if (step < BASH_STEPS.length)
    return {
      text: 'Running.',
      content: [
        {
          type: 'tool_use',
          id: `toolu_bench_${step}`,
          name: 'Bash',
          input: { command: BASH_STEPS[step], description: `step ${step}` },
        },
      ],
    };
  if (step === BASH_STEPS.length)
    return {
      content: [
        {
          type: 'tool_use',
          id: `toolu_bench_${step}`,
          name: 'Agent',
          input: { subagent_type: 'qa', description: 'Check', prompt: 'Check it.' },
        },
      ],
    };
  return { text: 'All done.' };
}

function cli(argv, cwd, env) {
  const result = spawnSync(process.execPath, [CLI, ...argv], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`claude-hybrid ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/**
 * A fresh initialised project with the agents deployed; `hooks` installs ours, and `retarget`
 * (a port) then points them at another endpoint.
 */
function newProject(
  root,
  env,
  name,
  {
    hooks = false,
    mode = 'http',
    blocking = 'needed',
    retarget,
    noop = false,
    setup,
    only,
    mcp = false,
  } = {},
) {
  const dir = join(root, name);
  mkdirSync(dir);
  cli(['init'], dir, env);
  writeFileSync(join(dir, '.claude-hybrid', 'config.yaml'), POLICY);
  cli(['agents', 'deploy'], dir, env);
  setup?.(dir);
  if (hooks)
    cli(['hooks', 'install', '--scope', 'local', '--mode', mode, '--blocking', blocking], dir, env);
  if (mcp) {
    // The MCP server in the project's .mcp.json, approved in the local settings as a user would.
    cli(['mcp', 'install'], dir, env);
    editLocalSettings(dir, (document) => {
      document.enabledMcpjsonServers = ['claude-hybrid'];
    });
  }
  if (only !== undefined)
    // Only the hooks `only` keeps, by event and hook; events left with none are dropped.
    editLocalSettings(dir, (document) => {
      for (const [event, groups] of Object.entries(document.hooks)) {
        const kept = groups.filter((group) => group.hooks.every((hook) => only(event, hook)));
        if (kept.length === 0) delete document.hooks[event];
        else document.hooks[event] = kept;
      }
    });
  if (noop)
    // Every event we register, handled by the command `true`: the floor any hook costs.
    editLocalSettings(dir, (document) => {
      for (const groups of Object.values(document.hooks))
        for (const group of groups)
          group.hooks = [{ type: 'command', command: 'true', timeout: 5 }];
    });
  if (retarget !== undefined) {
    const settings = join(dir, '.claude', 'settings.local.json');
    const daemonPort = JSON.parse(
      readFileSync(join(env.CLAUDE_HYBRID_HOME, 'daemon.json'), 'utf8'),
    ).port;
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replaceAll(
        `http://127.0.0.1:${daemonPort}/`,
        `http://127.0.0.1:${retarget}/`,
      ),
    );
  }
  return dir;
}

/** Changes the project's `.claude/settings.local.json` (created when absent) in place. */
function editLocalSettings(dir, edit) {
  const settings = join(dir, '.claude', 'settings.local.json');
  const document = existsSync(settings) ? JSON.parse(readFileSync(settings, 'utf8')) : {};
  edit(document);
  writeFileSync(settings, JSON.stringify(document, null, 2));
}

/** Runs the real Claude Code's own command (`claude plugin …`); throws unless it exits 0. */
function claudeCommand(argv, cwd, env) {
  const result = spawnSync(CLAUDE, argv, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0)
    throw new Error(`claude ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
}

/**
 * The plugin variant's set-up: `plugin build` into a marketplace Claude Code adds once, and a
 * global install on PATH (`bin/claude-hybrid` a link to dist/cli.cjs) for its hooks to find.
 * Returns the per-project step: `claude plugin install --scope project`, so only that
 * project's sessions run the plugin's hooks.
 */
function pluginSetup(root, env, claudeEnv, { withoutMcp = false } = {}) {
  const name = withoutMcp ? 'claude-hybrid-no-mcp' : 'claude-hybrid';
  const marketplace = join(root, `${name}-marketplace`);
  cli(['plugin', 'build', '--out', marketplace], root, env);
  if (withoutMcp) {
    // The same plugin without its MCP server, in a marketplace of another name.
    rmSync(join(marketplace, 'plugins', 'claude-hybrid', '.mcp.json'));
    const manifest = join(marketplace, '.claude-plugin', 'marketplace.json');
    writeFileSync(
      manifest,
      JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), name }),
    );
  }
  claudeCommand(['plugin', 'marketplace', 'add', marketplace], root, claudeEnv);
  return (dir) =>
    claudeCommand(
      ['plugin', 'install', `claude-hybrid@${name}`, '--scope', 'project'],
      dir,
      claudeEnv,
    );
}

/** A loopback endpoint that answers every hook with `{}` and does nothing else. */
async function startNullEndpoint() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Wall time of one Claude Code session in `cwd`, in ms; throws unless it exits 0. */
async function timeSession(cwd, env) {
  const began = process.hrtime.bigint();
  const child = spawn(
    CLAUDE,
    [
      '-p',
      PROMPT,
      '--output-format',
      'stream-json',
      '--verbose',
      '--allowedTools',
      'Bash',
      'Agent',
    ],
    { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const elapsed = Number(process.hrtime.bigint() - began) / 1e6;
  if (code !== 0) throw new Error(`claude exited ${code} in ${cwd}: ${stderr.slice(0, 500)}`);
  return elapsed;
}

function eventsIn(dir, env, type) {
  return JSON.parse(cli(['events', 'list', '--type', type, '--json', '--limit', '10000'], dir, env))
    .events;
}

function hookEventsIn(dir, env) {
  return eventsIn(dir, env, 'hook.*').length;
}

/**
 * The session's tool pairs and delegations in its transcripts, and how many of each the daemon
 * recorded (tool.completed or tool.denied, agent.delegated, by tool_use id), once the session
 * is over; and whether the denied command ran.
 */
function coverageIn(dir, env, transcriptCalls) {
  const path = eventsIn(dir, env, 'hook.Stop')[0]?.payload?.transcript_path;
  if (typeof path !== 'string') throw new Error(`no Stop event with a transcript_path in ${dir}`);
  const calls = transcriptCalls(path);
  const ids = (types) =>
    new Set(types.flatMap((type) => eventsIn(dir, env, type).map((e) => e.payload.toolUseId)));
  const tools = ids(['tool.completed', 'tool.denied']);
  const delegations = ids(['agent.delegated']);
  return {
    total: calls.pairs.length + calls.delegations.length,
    recorded:
      calls.pairs.filter((id) => tools.has(id)).length +
      calls.delegations.filter((id) => delegations.has(id)).length,
    reconciled: eventsIn(dir, env, 'tool.completed').filter((e) => e.payload.reconciled === true)
      .length,
    deniedRan: existsSync(join(dir, DENIED_FILE)),
  };
}

/**
 * Wall times of interleaved sessions, by variant: fresh projects each round (round 0 warms up),
 * the order rotating so drift hits every variant alike. `check(dirs)` runs after the first
 * measured round. Returns each variant's median time, and in `paired` the median over rounds of
 * its time ÷ the `plain` session's of the same round: the machine's slow spells then hit both
 * sides of each ratio, as the engine bench pairs its rounds.
 */
async function timeVariants({ root, env, claudeEnv, label, variants, check, after }) {
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round <= RUNS; round += 1) {
    const dirs = Object.fromEntries(
      names.map((name) => [
        name,
        newProject(root, env, `${label}-${name}-${round}`, variants[name]),
      ]),
    );
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) {
      const elapsed = await timeSession(dirs[name], claudeEnv);
      if (round > 0) times[name].push(elapsed);
    }
    if (round === 1) check?.(dirs);
    if (round > 0) after?.(dirs);
  }
  const medians = Object.fromEntries(names.map((name) => [name, median(times[name])]));
  const paired = Object.fromEntries(
    names.map((name) => [name, pairedRatio(times[name], times.plain ?? [])]),
  );
  return { ...medians, paired };
}

export async function claudeCode() {
  if (!existsSync(CLAUDE)) {
    process.stderr.write(
      'bench: claude-code skipped, node_modules/.bin/claude is missing (npm install the devDependency @anthropic-ai/claude-code)\n',
    );
    return [];
  }
  const { startFakeAnthropic } = await loadFake();
  const { transcriptCalls } = await loadCoverage();
  const instant = await startFakeAnthropic({ defaultReply: sessionReply });
  const modelled = await startFakeAnthropic({
    defaultReply: sessionReply,
    latencyMs: MODEL_LATENCY_MS,
  });
  const { root, env } = isolatedProject();
  // The global install the plugin's hooks find on PATH; the other variants never look there.
  const bin = join(root, 'global-bin');
  mkdirSync(bin);
  symlinkSync(CLI, join(bin, 'claude-hybrid'));
  const claudeEnv = (fake) => ({
    ...env,
    PATH: `${bin}:${env.PATH ?? process.env.PATH}`,
    CLAUDE_CONFIG_DIR: join(root, '.claude'),
    ANTHROPIC_BASE_URL: fake.baseUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  });
  // `daemon start` needs $CLAUDE_HYBRID_HOME to exist already (it opens daemon.log in it).
  mkdirSync(env.CLAUDE_HYBRID_HOME, { recursive: true });
  cli(['daemon', 'start', '--port', '0'], root, env);
  const nullEndpoint = await startNullEndpoint();
  const HOOKED = ['hooks', 'blocking', 'command'];
  const coverage = Object.fromEntries(
    HOOKED.map((variant) => [variant, { total: 0, recorded: 0, reconciled: 0, deniedRan: 0 }]),
  );
  let stress;
  let target;
  try {
    if (!TARGET_ONLY)
      stress = await timeVariants({
        root,
        env,
        claudeEnv: claudeEnv(instant),
        label: 'instant',
        // Every hook blocking, so the null endpoint answers all of them (and `true` runs for all).
        variants: {
          hooks: { hooks: true, blocking: 'all' },
          plain: {},
          null: { hooks: true, blocking: 'all', retarget: nullEndpoint.address().port },
          noop: { hooks: true, blocking: 'all', noop: true },
        },
        check: (dirs) => {
          // The hooked run must really have reported: UserPromptSubmit, 5 PreToolUse, 4 Post, the
          // subagent's start and stop, Stop and SessionEnd (SessionStart comes through the relay).
          const reported = hookEventsIn(dirs.hooks, env);
          // The null variant's http hooks go elsewhere; its SessionStart is a command hook through
          // the relay, which still reaches the daemon: at most that one event.
          const unhooked =
            hookEventsIn(dirs.plain, env) +
            hookEventsIn(dirs.noop, env) +
            Math.max(0, hookEventsIn(dirs.null, env) - 1);
          if (reported < 12 || unhooked !== 0)
            throw new Error(
              `expected ≥ 12 hook events with our hooks and none otherwise, got ${reported} and ${unhooked}`,
            );
        },
      });
    const installPlugin = pluginSetup(root, env, claudeEnv(modelled));
    const installPluginWithoutMcp = pluginSetup(root, env, claudeEnv(modelled), {
      withoutMcp: true,
    });
    target = await timeVariants({
      root,
      env,
      claudeEnv: claudeEnv(modelled),
      label: 'modelled',
      variants: {
        hooks: { hooks: true },
        plain: {},
        blocking: { hooks: true, blocking: 'all' },
        command: { hooks: true, mode: 'command' },
        plugin: { setup: installPlugin },
        // The plugin without its MCP server: what the server's start costs the session.
        pluginWithoutMcp: { setup: installPluginWithoutMcp },
        // What the plugin brings, installed by hand: hooks install (command mode) and mcp install.
        hooksAndMcp: { hooks: true, mode: 'command', mcp: true },
        // What Claude Code itself costs, separated: one hook it never runs in this session
        // (PreCompact), and the one hook the policy needs (PreToolUse of Bash, blocking).
        idleHook: { hooks: true, only: (event) => event === 'PreCompact' },
        policyOnly: {
          hooks: true,
          only: (event, hook) => event === 'PreToolUse' && hook.async !== true,
        },
        // Only the hooks the default layout keeps blocking (what issue 23 requires to block:
        // the policy's PreToolUse, UserPromptSubmit, Stop, SubagentStop, SessionEnd), none of
        // the background ones: what those blocking hooks cost on their own.
        blockingOnly: { hooks: true, only: (_event, hook) => hook.async !== true },
      },
      check: (dirs) => {
        for (const variant of ['hooks', 'blocking', 'command', 'plugin', 'hooksAndMcp'])
          if (hookEventsIn(dirs[variant], env) < 6)
            throw new Error(`the ${variant} session with model latency reported under 6 events`);
      },
      after: (dirs) => {
        for (const variant of HOOKED) {
          const found = coverageIn(dirs[variant], env, transcriptCalls);
          const sum = coverage[variant];
          sum.total += found.total;
          sum.recorded += found.recorded;
          sum.reconciled += found.reconciled;
          sum.deniedRan += found.deniedRan ? 1 : 0;
        }
      },
    });
  } finally {
    cli(['daemon', 'stop'], root, env);
    nullEndpoint.close();
    await instant.close();
    await modelled.close();
  }
  const ratio = target.paired.hooks;
  const blockingRatio = target.paired.blocking;
  /** A variant's median session time ÷ the hookless one's, reported without a target. */
  const overhead = (name, variant, note) => ({
    name: `claude-code.session.${name}`,
    value: target.paired[variant],
    unit: 'ratio',
    note,
  });
  const recorded = (variant, label) => {
    const { total, recorded: found, reconciled } = coverage[variant];
    const value = total === 0 ? 0 : found / total;
    return {
      name: `claude-code.session.${label}.recorded`,
      value,
      unit: 'ratio',
      target: '= 1',
      pass: total > 0 && found === total,
      note: `tool pairs and delegations recorded ÷ those in the transcripts, over ${RUNS} sessions (${found}/${total}; ${reconciled} tool calls recovered from the transcript)`,
    };
  };
  return [
    {
      name: 'claude-code.session.hooks-overhead',
      value: ratio,
      unit: 'ratio',
      baseline: { name: 'claude-code.session.plain.p50', value: target.plain, unit: 'ms' },
      target: '<= 1.03',
      pass: ratio <= 1.03,
      note: `median over ${RUNS} rounds of the ratio of two real Claude Code -p sessions run in the same round (4 Bash calls, 1 denied, 1 delegation), hooks in http mode, default layout (--blocking needed) vs none; the fake model waits ${MODEL_LATENCY_MS} ms before each reply`,
    },
    {
      name: 'claude-code.session.blocking.hooks-overhead',
      value: blockingRatio,
      unit: 'ratio',
      target: '<= 1.10',
      pass: blockingRatio <= 1.1,
      note: 'the same with every hook blocking (hooks install --blocking all)',
    },
    overhead(
      'command-mode.hooks-overhead',
      'command',
      'the same with the hooks in command mode, default layout (hook-relay.sh, curl to the daemon)',
    ),
    {
      // Issue 21's target: the plugin's hooks, as against hooks install.
      name: 'claude-code.session.plugin-hooks.hooks-overhead',
      value: target.paired.pluginWithoutMcp,
      unit: 'ratio',
      target: '<= 1.10',
      pass: target.paired.pluginWithoutMcp <= 1.1,
      note: 'the same with the claude-hybrid plugin installed (plugin build, claude plugin install --scope project) instead of hooks install, its .mcp.json removed: its hooks (which find the package on PATH), agents and skills',
    },
    overhead(
      'plugin.hooks-overhead',
      'plugin',
      'the whole plugin, its MCP server included: Claude Code waits for the server handshake before its first request (compare hooks-and-mcp-install)',
    ),
    overhead(
      'hooks-and-mcp-install.hooks-overhead',
      'hooksAndMcp',
      'hooks install --mode command and mcp install instead of the plugin: the same hooks and MCP server, registered by hand',
    ),
    overhead(
      'idle-hook.overhead',
      'idleHook',
      'one hook registered that this session never runs (PreCompact): what Claude Code spends on having hooks at all',
    ),
    overhead(
      'policy-only.overhead',
      'policyOnly',
      'only the blocking PreToolUse hook of Bash that the policy needs (http, answered by the daemon)',
    ),
    overhead(
      'blocking-only.overhead',
      'blockingOnly',
      'only the hooks the default layout keeps blocking (policy PreToolUse, UserPromptSubmit, Stop, SubagentStop, SessionEnd), no background ones',
    ),
    recorded('hooks', 'default'),
    recorded('blocking', 'blocking'),
    recorded('command', 'command-mode'),
    {
      name: 'claude-code.session.denied-commands-run',
      value: HOOKED.reduce((sum, variant) => sum + coverage[variant].deniedRan, 0),
      unit: 'count',
      target: '= 0',
      pass: HOOKED.every((variant) => coverage[variant].deniedRan === 0),
      note: `sessions (of ${RUNS * HOOKED.length} hooked) in which the Bash command the policy denies ran`,
    },
    { name: 'claude-code.session.blocking.p50', value: target.blocking, unit: 'ms' },
    { name: 'claude-code.session.hooks.p50', value: target.hooks, unit: 'ms' },
    { name: 'claude-code.session.plain.p50', value: target.plain, unit: 'ms' },
    { name: 'claude-code.session.plugin.p50', value: target.plugin, unit: 'ms' },
    ...(stress === undefined ? [] : stressResults(stress)),
  ];
}

/** The instant-model figures. */
function stressResults(stress) {
  return [
    {
      name: 'claude-code.session.instant-model.hooks-overhead',
      value: stress.hooks / stress.plain,
      unit: 'ratio',
      baseline: {
        name: 'claude-code.session.instant-model.plain.p50',
        value: stress.plain,
        unit: 'ms',
      },
      note: 'the same with a model that answers at once: hook costs are all there is',
    },
    {
      name: 'claude-code.session.instant-model.noop-hooks-overhead',
      value: stress.noop / stress.plain,
      unit: 'ratio',
      note: 'every event we register handled by the command `true`: what Claude Code spends on running any hook',
    },
    {
      name: 'claude-code.session.instant-model.daemon-vs-null-endpoint',
      value: stress.hooks / stress.null,
      unit: 'ratio',
      note: 'our hooks answered by an endpoint that does nothing: what our daemon adds',
    },
    { name: 'claude-code.session.instant-model.hooks.p50', value: stress.hooks, unit: 'ms' },
    { name: 'claude-code.session.instant-model.plain.p50', value: stress.plain, unit: 'ms' },
  ];
}
