// The smallest mcpkit server: one tool that echoes its text, through the full tool contract
// (validation, dispatch boundary, budget, audit line, metrics).
import { defineTool, runCli, createMcpkitServer } from '@mcpkit/core';
import { z } from 'zod';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Returns the text it is given, unchanged.',
  input: z.object({ text: z.string().max(10_000).describe('Text to echo') }),
  output: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: ({ text }) => ({ text }),
  render: output => output.text
});

void runCli({
  name: 'mcpkit-bench-trivial',
  version: '0.0.0',
  description: 'Benchmark server with one echo tool.',
  envPrefix: 'MCPKIT_BENCH',
  options: z.object({}),
  create: (options, runtime) =>
    Promise.resolve(
      createMcpkitServer(
        { name: 'mcpkit-bench-trivial', version: '0.0.0', tools: [echo] },
        { context: {}, ...runtime, maxOutputBytes: options.maxOutputBytes }
      )
    )
});
