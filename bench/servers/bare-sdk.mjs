// The SDK alone, no mcpkit layer: the same echo tool registered directly on McpServer. Separates
// what the SDK costs per call from what mcpkit's contract (dispatch, budget, audit, metrics) adds.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

serveStdio(() => {
  const server = new McpServer({ name: 'bare-sdk', version: '0.0.0' });
  server.registerTool(
    'echo',
    {
      description: 'Returns the text it is given.',
      inputSchema: z.object({ text: z.string().max(10_000) }),
      outputSchema: z.object({ text: z.string() })
    },
    ({ text }) => ({ content: [{ type: 'text', text }], structuredContent: { text } })
  );
  return server;
});
