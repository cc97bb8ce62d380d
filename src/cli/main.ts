#!/usr/bin/env node
/**
 * The binary's entry (`dist/cli.cjs`). Deliberately tiny and CommonJS: `--version` is answered
 * before anything else is loaded, and the rest of the CLI (`dist/app.cjs`) is loaded through the
 * V8 code cache. Startup is measured by `npm run bench` (bench/cli-startup.mjs).
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
// Leaf modules, not the folders' index files: an index brings along every module it re-exports
// that has top-level code (the error classes, the config loader), which `--version` would parse.
import { resolveHybridHome } from '../config/paths.js';
import { VERSION } from '../version.js';
import type { CliIO } from './command.js';
import { loadWithCompileCache } from './compile-cache.js';
import { fdOutput } from './stdio.js';
import { runThroughDaemon } from './through-daemon.js';
import { isServedCommand } from '../daemon/served-commands.js';
import { liveDaemon } from '../daemon/daemon-info.js';
import type { DaemonInfo } from '../daemon/daemon-info.js';
import { isShell } from './completion/shells.js';

/** What `dist/mcp-relay.cjs` (built from src/mcp/mcp-relay-entry.ts) exports. */
interface McpRelay {
  relayMcp(argv: readonly string[], daemon: DaemonInfo): Promise<number>;
  serveMcpHere(argv: readonly string[]): Promise<number>;
}

/** `mcp` or `mcp --provider P`: serving, which the relay can do (not `mcp install`, not help). */
function isMcpServe(words: readonly string[]): boolean {
  return (
    words[0] === 'mcp' && (words.length === 1 || (words.length === 3 && words[1] === '--provider'))
  );
}

/** What `dist/app.cjs` (built from run-cli.ts) exports. */
interface App {
  runCli(argv: readonly string[], io: CliIO): Promise<number>;
  processIO(): CliIO;
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  writeSync(1, `${VERSION}\n`);
} else {
  const env = process.env;
  const home = resolveHybridHome(env);
  const cacheDir = env.CLAUDE_HYBRID_COMPILE_CACHE === '0' ? undefined : join(home, 'cache', 'v8');
  // Our other bundles (the router, the engine, the commands bundle, ...) go through the code
  // cache as well, each once, whoever requires it; anything else is a plain require.
  const bundles = new Map<string, unknown>();
  const command = cacheName(argv);
  const appRequire = ((id: string): unknown => {
    if (!/^\.\/(?:vendor\/)?[a-z0-9-]+\.cjs$/.test(id)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is built as the CommonJS entry
      return require(id);
    }
    let loaded = bundles.get(id);
    if (loaded === undefined) {
      loaded = loadWithCompileCache(join(__dirname, id), cacheDir, appRequire, command);
      bundles.set(id, loaded);
    }
    return loaded;
  }) as NodeJS.Require; // only called as a function by the bundles
  const runHere = (): void => {
    const app = loadWithCompileCache(
      join(__dirname, 'app.cjs'),
      cacheDir,
      appRequire,
      command,
    ) as App; // app.cjs is built from run-cli.ts
    void app.runCli(argv, app.processIO()).then((code) => {
      process.exitCode = code;
    });
  };
  // `mcp`: a thin relay to the daemon's /mcp while it runs, else the server alone; neither
  // loads the rest of the CLI.
  if (isMcpServe(argv)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is built as the CommonJS entry
    const mcp = require('./mcp-relay.cjs') as McpRelay; // built from src/mcp/mcp-relay-entry.ts
    const daemon = liveDaemon(home);
    void (daemon === undefined ? mcp.serveMcpHere(argv) : mcp.relayMcp(argv, daemon)).then(
      (code) => {
        process.exitCode = code;
      },
    );
  }
  // `statusline [--json] [--plain]`: Claude Code may run it on every refresh; the status line's
  // own small bundle answers (src/daemon/statusline-entry.ts), without the rest of the CLI.
  else if (
    argv[0] === 'statusline' &&
    argv.every(
      (word, index) =>
        index === 0 || word === '--json' || word === '--plain' || word === '--no-color',
    )
  ) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is built as the CommonJS entry
    require('./statusline.cjs');
  }
  // `completion bash|zsh|fish`: the script the build wrote (src/cli/completion/completion-entry.ts);
  // help, --list and mistakes run in the app, as does a build without the scripts.
  else if (argv.length === 2 && argv[0] === 'completion' && isShell(argv[1])) {
    const script = readIfPresent(join(__dirname, 'completion', argv[1]));
    if (script === undefined) runHere();
    else fdOutput(1, () => process.stdout).write(script);
  }
  // A read-only command goes to the daemon when it runs (it has the code warm), else runs here.
  else if (isServedCommand(argv)) {
    const stdout = fdOutput(1, () => process.stdout);
    const stderr = fdOutput(2, () => process.stderr);
    void runThroughDaemon({
      argv,
      distDir: __dirname,
      hybridHome: home,
      env,
      cwd: process.cwd(),
      stdout: { isTTY: stdout.isTTY, columns: stdout.columns },
      stderrIsTTY: stderr.isTTY,
    }).then((answer) => {
      if (answer === undefined) {
        runHere();
        return;
      }
      stdout.write(answer.stdout);
      stderr.write(answer.stderr);
      process.exitCode = answer.code;
    });
  } else runHere();
}

/** `agents list` → `agents-list`: the leading plain words of the command line. */
function cacheName(words: readonly string[]): string {
  const plain = [];
  for (const word of words.slice(0, 2)) {
    if (!/^[a-z][a-z-]{0,30}$/.test(word)) break;
    plain.push(word);
  }
  return plain.length === 0 ? 'default' : plain.join('-');
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
