import { spawn } from 'node:child_process';
import type { McpServerEntry } from './mcp-config.js';

export interface McpReachability {
  readonly reachable: boolean;
  /** From start to the `tools/list` answer, in ms. */
  readonly ms: number;
  /** The tool names the server listed. */
  readonly tools: readonly string[];
  /** Why it is not reachable: the server's own error, its stderr, or the time-out. */
  readonly error?: string;
}

interface Reply {
  readonly id?: unknown;
  readonly result?: { readonly tools?: readonly { readonly name?: unknown }[] };
  readonly error?: { readonly message?: unknown };
}

/**
 * Starts the registered server as Claude Code would (the entry's command, in the project), asks
 * it to initialize and list its tools, then closes its input so it exits. Never throws: what
 * went wrong is the answer.
 */
export function checkMcpServer(
  entry: McpServerEntry,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number },
): Promise<McpReachability> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let stdout = '';
    let stderr = '';
    const child = spawn(entry.command, [...entry.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const finish = (result: Omit<McpReachability, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdin.end();
      const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
      kill.unref();
      child.once('exit', () => {
        clearTimeout(kill);
      });
      resolve({ ...result, ms: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => {
      finish({ reachable: false, tools: [], error: `no answer in ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    const send = (message: object): void => {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    };
    child.on('error', (error) => {
      finish({ reachable: false, tools: [], error: error.message });
    });
    child.stdin.on('error', () => undefined); // a server that died is reported by 'exit'
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = `${stderr}${chunk}`.slice(-4_000);
    });
    child.on('exit', (code) => {
      finish({
        reachable: false,
        tools: [],
        error: `it exited (code ${String(code)})${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n')[0] ?? ''}`}`,
      });
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      for (let newline = stdout.indexOf('\n'); newline !== -1; newline = stdout.indexOf('\n')) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        let reply: Reply;
        try {
          reply = JSON.parse(line) as Reply; // checked field by field below
        } catch {
          finish({ reachable: false, tools: [], error: 'it wrote something that is not JSON-RPC' });
          return;
        }
        if (reply.error !== undefined) {
          finish({ reachable: false, tools: [], error: String(reply.error.message) });
          return;
        }
        if (reply.id === 1) {
          send({ jsonrpc: '2.0', method: 'notifications/initialized' });
          send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
        } else if (reply.id === 2) {
          const tools = (reply.result?.tools ?? []).map((tool) => String(tool.name));
          finish({ reachable: true, tools });
        }
      }
    });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'claude-hybrid-status', version: '1' },
      },
    });
  });
}
