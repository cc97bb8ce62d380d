/**
 * dist/mcp-relay.cjs: what the CLI's entry hands `claude-hybrid mcp` to when the daemon runs
 * (src/cli/main.ts): the relay to the daemon (stdio-relay.ts), and the server in this process
 * (dist/mcp.cjs) when there is no daemon or it does not answer.
 */
import type { DaemonInfo } from '../daemon/daemon-info.js';
import { lazyRequire } from '../files/lazy-require.js';
import { escapeControls } from '../files/printable-text.js';
import type { HybridOptions, ProviderName } from '../library/types.js';
import { relayStdio } from './stdio-relay.js';
import type { StdioStreams } from './serve-stdio.js';

interface McpBundle {
  readonly serveStdio: (options: HybridOptions, streams: StdioStreams) => Promise<void>;
}

interface ReportedError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly hint?: unknown;
  readonly exitCode?: unknown;
}

/** The provider of `mcp --provider P`, the only option `mcp` takes. */
export function providerOf(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--provider');
  return at === -1 ? undefined : argv[at + 1];
}

/**
 * Serves in this process from dist/mcp.cjs (the server, the library, the SDK), without the rest
 * of the CLI: what `mcp` runs when the daemon is down, or does not answer. A failure to open the
 * project is reported as the CLI reports errors, with its exit code.
 */
export async function serveMcpHere(
  argv: readonly string[],
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const provider = providerOf(argv);
  const { serveStdio } = lazyRequire('./mcp.cjs') as McpBundle; // built from mcp.bundle.ts
  try {
    await serveStdio(
      {
        cwd: process.cwd(),
        env: process.env,
        ...(provider === undefined ? {} : { provider: provider as ProviderName }), // checked by the library
      },
      { input: input, output: process.stdout },
    );
    return 0;
  } catch (error) {
    const reported = error as ReportedError;
    const code = typeof reported.code === 'string' ? reported.code : 'internal';
    process.stderr.write(
      escapeControls(
        `error[${code}]: ${String(reported.message ?? error)}\n` +
          (typeof reported.hint === 'string' ? `  hint: ${reported.hint}\n` : ''),
      ),
    );
    return typeof reported.exitCode === 'number' ? reported.exitCode : 1;
  }
}

/** `mcp` while the daemon runs: the relay, serving here when the daemon does not answer. */
export function relayMcp(argv: readonly string[], daemon: DaemonInfo): Promise<number> {
  return relayStdio({
    daemon,
    cwd: process.cwd(),
    provider: providerOf(argv),
    serveHere: (input) => serveMcpHere(argv, input),
  });
}
