/**
 * The door to dist/mcp.cjs (see split-door.ts for why a door): `mcp` imports this module on
 * demand, so `mcp install` and `mcp status` never load the server, the library or the SDK.
 */
export { serveStdio } from '../../mcp/mcp.bundle.js';
