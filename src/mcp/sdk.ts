import { requireBundled } from '../files/index.js';
import type * as McpSdk from './mcp-sdk.js';

export type { McpSdk };

let sdk: typeof McpSdk | undefined;

/** The MCP server SDK and zod, loaded on first use (a vendor chunk in the build). */
export function mcpSdk(): typeof McpSdk {
  sdk ??= requireBundled('@modelcontextprotocol/sdk') as typeof McpSdk; // mcp-sdk.ts is the chunk's entry
  return sdk;
}
