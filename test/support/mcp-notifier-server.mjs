// A stdio MCP server, built on the official SDK, for the Claude Code end-to-end test: once Claude
// Code has connected, it tells it that an elicitation completed. Claude Code shows that to the
// user as a notification, which fires the Notification hook (notification_type
// "elicitation_complete"): the one way to make a non-interactive session fire that event. The
// notification goes straight through the transport: Claude Code does not declare URL
// elicitation, so the SDK's own notifier would refuse to send it, but Claude Code handles it.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'claude-hybrid-e2e-notifier', version: '1.0.0' });
const transport = new StdioServerTransport();
server.server.oninitialized = () => {
  // A moment after the handshake, once Claude Code has set up its notification handlers.
  setTimeout(() => {
    transport
      .send({
        jsonrpc: '2.0',
        method: 'notifications/elicitation/complete',
        params: { elicitationId: 'claude-hybrid-e2e' },
      })
      .catch((error) => {
        process.stderr.write(`mcp-notifier-server: ${error.message}\n`);
      });
  }, 150);
};
await server.connect(transport);
