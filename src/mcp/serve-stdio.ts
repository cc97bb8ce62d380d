import { openHybrid } from '../library/library.bundle.js';
import type { HybridOptions } from '../library/types.js';
import { LineTransport } from './line-transport.js';
import { createMcpServer } from './mcp-server.js';

export interface StdioStreams {
  readonly input: NodeJS.ReadableStream & { removeAllListeners(): unknown; pause(): unknown };
  readonly output: NodeJS.WritableStream;
}

/**
 * Serves the project's MCP tools over stdio in this process until the client closes its end:
 * what `claude-hybrid mcp` runs. Opening the project first means a folder that is not one is
 * refused (store.not_initialized) before the client sees a server.
 */
export async function serveStdio(options: HybridOptions, streams: StdioStreams): Promise<void> {
  const hybrid = await openHybrid(options);
  try {
    const server = await createMcpServer(hybrid);
    const transport = new LineTransport(streams.input, {
      write: (chunk, callback) => streams.output.write(chunk, callback),
    });
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    await server.connect(transport);
    await closed;
    await server.close();
  } finally {
    await hybrid.close();
  }
}
