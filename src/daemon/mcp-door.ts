/**
 * The door to dist/mcp.cjs for the daemon (see src/cli/commands/split-door.ts for why a door):
 * the MCP endpoint, the library and the SDK load on the first `/mcp` request, never before.
 */
export { McpHttpEndpoint } from '../mcp/mcp.bundle.js';
