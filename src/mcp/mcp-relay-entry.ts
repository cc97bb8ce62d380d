/**
 * dist/mcp-relay.cjs: what the CLI's entry hands `claude-hybrid mcp` to when the daemon runs
 * (src/cli/main.ts). It relays to the daemon (stdio-relay.ts) and serves in this process, from
 * dist/mcp.cjs, only when the daemon does not answer.
 */
import type { DaemonInfo } from '../daemon/daemon-info.js';
import { lazyRequire } from '../files/lazy-require.js';
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

export function relayMcp(argv: readonly string[], daemon: DaemonInfo): Promise<number> {
  const provider = providerOf(argv);
  const cwd = process.cwd();
  return relayStdio({
    daemon,
    cwd,
    provider,
    serveHere: async (input) => {
      const { serveStdio } = lazyRequire('./mcp.cjs') as McpBundle; // built from mcp.bundle.ts
      try {
        await serveStdio(
          {
            cwd,
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
          `error[${code}]: ${String(reported.message ?? error)}\n` +
            (typeof reported.hint === 'string' ? `  hint: ${reported.hint}\n` : ''),
        );
        return typeof reported.exitCode === 'number' ? reported.exitCode : 1;
      }
    },
  });
}
