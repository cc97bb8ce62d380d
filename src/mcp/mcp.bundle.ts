/**
 * dist/mcp.cjs: the MCP server (tools, resources, prompts over the library) and its stdio
 * transport. Loaded by `claude-hybrid mcp` only; the SDK itself is a vendor chunk it requires on
 * first use.
 */
export { serveStdio } from './serve-stdio.js';
export { createMcpServer } from './mcp-server.js';
