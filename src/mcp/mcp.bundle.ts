/**
 * dist/mcp.cjs: the MCP server (tools, resources, prompts over the library), its stdio
 * transport and the daemon's `/mcp` endpoint. Loaded by `claude-hybrid mcp` and the daemon's
 * first `/mcp` request only; the SDK itself is a vendor chunk it requires on
 * first use.
 */
export { serveStdio } from './serve-stdio.js';
export { createMcpServer } from './mcp-server.js';
export { McpHttpEndpoint } from './http-endpoint.js';
