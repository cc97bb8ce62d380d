/**
 * The part of `@modelcontextprotocol/sdk` the MCP server uses, with the zod it validates tool
 * arguments with: the build bundles exactly these into `dist/vendor/modelcontextprotocol-sdk.cjs`
 * (BUNDLED_PARTS in src/files/lazy-require-bundled.ts lists the same modules for the sources).
 * Loaded only by `claude-hybrid mcp` and the daemon's `/mcp`, never by other commands.
 */
export { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
export * as z from './mcp-zod.js';
